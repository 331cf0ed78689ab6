import type { Locale } from "../../../platform/i18n/locales.ts";

/**
 * Words that mark a language in short, informal messages, written by hand (folded when loaded,
 * so accents do not matter). `common` are function and chat words (strong evidence); `topic` are words
 * people use when they ask about their case in that language (weaker: they travel between
 * languages, as "green card" does). A word listed for several languages is shared between them.
 * The "other" profiles (German, Italian, Dutch, Polish, Turkish) exist so that a message in one
 * of them is recognised as a language Beacon does not speak, rather than as its nearest neighbour.
 */
export interface WordProfile {
  common: string;
  topic: string;
}

export const LATIN_PROFILES: Partial<Record<Locale, WordProfile>> = {
  en: {
    common:
      "the a an and or but is are was were be been being am i me my mine you your yours he she it we they them their his her this that these those what when where why how who which can could would should will do does did dont don't doesnt didnt cant can't wont won't not no yes to of in on at for from with about by as if so than then there here have has had get got gets getting need needs want wants please pls plz thanks thank hi hello hey just still already yet never ever ago since after before until because im i'm ive i've its it's whats what's theres there's ok okay sorry anyone someone anything something any some much many more most long take takes taking took came come comes arrived think know tell said says say go going went u ur rn",
    topic:
      "case card green work permit status receipt number apply application file filed renew lost stolen new address moved mail mailed letter notice interview appointment fingerprints citizen citizenship test fee fees money lawyer month months year years week weeks days waiting wait person talk speak call phone online account form change name wrong mistake birth travel wife husband son daughter mom dad father mother family brother sister employer job received",
  },
  es: {
    common:
      "el la los las un una unos unas y o pero es son era fue ser estar esta estoy estan yo mi mis me tu tus su sus usted ustedes nosotros nos que como cuando donde por porque para con sin sobre de del al a en lo le les se ya no si muy mas hay tengo tiene tienen tener quiero quiere necesito necesita puedo puede pueden hacer hago hace cuanto cuanta cuantos cuantas hola gracias buenas buenos dias tardes noches favor todavia aun nunca desde despues antes hasta tambien este esto ese esa eso aqui alli llego llegado recibi mande envie saber decir dijo dicen van va voy vamos ahora cual quien nada algo alguien ayuda ayudar salio perdio tardo tarda me mande eres soy somos estas estamos aca alla oiga oye porfa porfavor xq pq ocupo quisiera podria podrian dime digame ayudeme ayudenme tuve tenia ningun ninguna nadie ahorita mucho muchas muchos",
    topic:
      "caso tarjeta residencia permiso trabajo cita huellas carta direccion mica ciudadania examen abogado solicitud formulario cambio cambiar nombre fecha nacimiento pago pagar dinero asilo entrevista recibo numero estado perdi vence renovar renovacion papeles migracion inmigracion esposo esposa hijo hija padres mama papa meses anos semanas",
  },
  fr: {
    common:
      "le la les un une des et ou mais est sont etait etre suis es je j me moi mon ma mes tu te toi ton ta tes il elle on nous vous ils elles leur leurs que qu qui quoi quand comment pourquoi pour avec sans sur dans du de au aux en ne pas plus jamais toujours encore deja oui non bonjour bonsoir salut merci svp plait faire fait peux peut pouvez veux voulez dois doit j'ai ai avez ont c'est ca cette ce ces combien aussi tres depuis quelqu'un quelque chose recu arrivee arrive n'est n'ai d'un d'une l'uscis l'examen",
    topic:
      "carte dossier demande adresse rendez-vous empreintes permis travail citoyennete naturalisation avocat frais numero entretien convocation lettre perdu renouveler asile statut mari femme enfant",
  },
  pt: {
    common:
      "o a os as um uma e ou mas sao era ser estar estou esta eu meu minha meus minhas me voce voces seu sua nos que como quando onde por porque para com sem sobre de do da dos das no na nas ao nao sim ja ainda nunca muito mais tem tenho temos preciso quero posso pode fazer faco obrigado obrigada ola oi bom boa dia tarde noite favor ajuda isso esse essa este aqui la pra pro quanto quanta demora demorando chegou recebi mandei veio tirar acho",
    topic:
      "caso cartao processo autorizacao trabalho endereco cidadania prova advogado taxa recibo numero entrevista carta perdi renovar asilo biometria agendamento marido esposa filho filha",
  },
  vi: {
    common:
      "toi ban cua va la co khong duoc cho voi cac nhung nay da bi thi ma o de mot nhu nao gi sao lam khi bao lau nhieu roi chua can muon xin chao cam on giup dang se phai nguoi minh anh chi ong con vi neu hay hoi duoc biet",
    topic:
      "xanh ho so giay phep viec dia chi quoc tich luat su le phi phong van thu hen van tay bien nhan tinh trang tai ti nan gia han mat nha chuyen doi nop don",
  },
  tl: {
    common:
      "ang ng mga sa na ay si ni kay ko mo niya namin natin nila ako ikaw ka siya kami tayo sila ito iyan iyon yung yun po opo hindi oo wala may mayroon meron paano bakit kailan saan sino ano ilan gaano magkano pa ba naman lang din rin lamang kasi pero at kung para dahil hanggang tapos tsaka salamat kumusta kamusta gusto kailangan pwede puwede maaari nang dito doon ba po lang",
    topic:
      "kaso pangalan bahay lumipat natanggap dumating dumarating makuha bayad pera abogado tanong tulong nawala tao asawa anak trabaho tagal matagal",
  },
  ht: {
    common:
      "mwen m ou w li l nou yo se ye pa te ap pral gen genyen pou nan ak ave avek la an yon sa ki kisa kijan kouman konbyen kote poukisa kile le si men oswa tou deja anko poko janm toujou bonjou bonswa mesi souple tanpri wi vle bezwen kapab ka dwe fe di poun map pap",
    topic:
      "kat dosye adres let randevou anprent pemi travay sitwayen sitwayente avoka fre lajan resi nimewo entevyou demenaje resevwa rive pedi renouvle azil moun mari madanm pitit",
  },
  // Languages Beacon does not speak: recognised, then answered in English with a language note.
  de: {
    common:
      "der die das und ist nicht ich mein meine meinen wie wo was wann warum kann habe hat haben sein bin ein eine einen mit fur auf zu von bitte danke hallo noch schon wird werden",
    topic: "karte antrag arbeitserlaubnis adresse termin anwalt",
  },
  it: {
    common:
      "il lo gli le un una e non sono mio mia miei come dove quando perche posso puoi ho hai ha della del di che per con ciao grazie ancora anche questo questa",
    topic: "carta permesso lavoro indirizzo appuntamento avvocato",
  },
  nl: {
    common:
      "de het een en is niet ik mijn hoe waar wat wanneer kan heb heeft met voor op van alstublieft dank hallo nog al",
    topic: "kaart vergunning werk adres afspraak advocaat",
  },
  pl: {
    common:
      "nie jest sie ze jak gdzie kiedy dlaczego mam moja moj moje mnie prosze dziekuje czesc dzien dobry czy juz jeszcze",
    topic: "karta pozwolenie praca adres wizyta prawnik",
  },
  tr: {
    common:
      "bir ve bu ne nasil nerede neden ben benim icin ile degil var yok mi mu merhaba tesekkur ederim lutfen",
    topic: "kart izin adres randevu avukat",
  },
} as Partial<Record<Locale, WordProfile>>;

/** Function words of the two Cyrillic languages; their own letters decide most messages. */
export const CYRILLIC_PROFILES: Record<"ru" | "uk", string> = {
  ru: "я мы ты вы он она они мой моя мое мои мне меня у в на с со к по за из от для о об и а но или не нет да что как где когда почему сколько это этот эта есть был была было были будет можно нужно надо хочу могу здравствуйте привет спасибо пожалуйста уже еще так то же ли бы мое моего моей его ее их очень пришла пришел получил ребенок родился родилась границей гражданин гражданство дело заявление жду ответа помощь человеком документы работу который которая сейчас теперь",
  uk: "я ми ти ви він вона вони мій моя моє мої мені мене у в на з із зі до по за від для про і й та а але або не ні так що як де коли чому скільки це цей ця є був була було були буде можна потрібно треба хочу можу привіт дякую будь ласка вже ще чи моєї його її їх дуже прийшла отримала отримав дитина народився народилася народилась кордоном громадянин громадянство справа справу заява заяву чекаю немає відповіді допомогу людиною кимось документи роботу який яка зараз тепер після",
};

/** Letters that occur in one language's alphabet and not the other's, with their weight. */
export const DISTINCT_LETTERS: Array<{ letters: RegExp; scores: Partial<Record<string, number>> }> = [
  { letters: /[ăơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĩũ]/g, scores: { vi: 2 } },
  { letters: /[âêô]/g, scores: { vi: 0.5, fr: 0.7, pt: 0.4 } },
  { letters: /[ñ¿¡]/g, scores: { es: 1.5 } },
  { letters: /[ãõ]/g, scores: { pt: 1.5 } },
  { letters: /ç/g, scores: { fr: 0.5, pt: 0.5 } },
  { letters: /[ùûëïœî]/g, scores: { fr: 1 } },
  { letters: /ò/g, scores: { ht: 1.5 } },
  { letters: /è/g, scores: { ht: 0.7, fr: 0.7 } },
  { letters: /[äöüß]/g, scores: { de: 1.5 } },
  { letters: /[łąęśźżćń]/g, scores: { pl: 1.5 } },
  { letters: /[şğı]/g, scores: { tr: 1.5 } },
  { letters: /[ыэъё]/g, scores: { ru: 2 } },
  { letters: /[іїєґ]/g, scores: { uk: 2 } },
];
