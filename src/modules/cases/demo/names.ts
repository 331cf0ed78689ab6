/**
 * Names for synthetic applicants, grouped by where they are common so a given name, a family
 * name and a preferred language that appear together are plausible together. Spelled the way the
 * agency's records print them: Latin letters without diacritics.
 */
export interface NameGroup {
  region: string;
  /** Share of applicants, relative to the other groups. */
  weight: number;
  familyNames: readonly string[];
  femaleNames: readonly string[];
  maleNames: readonly string[];
  /** Preferred languages of this group's applicants, with relative weights. */
  languages: readonly (readonly [string, number])[];
  /** The family name a woman carries, where the language marks it (Ivanov → Ivanova). */
  feminineFamilyName?: (familyName: string) => string;
}

/** `names("Garcia, Dela Cruz", "Lopez")` → ["Garcia", "Dela Cruz", "Lopez"]: short lines, spaces kept. */
const names = (...lists: string[]) => lists.flatMap((list) => list.split(", "));

const slavicFeminine = (familyName: string) => {
  if (familyName.endsWith("sky")) return `${familyName.slice(0, -1)}aya`;
  return /(ov|ev|in)$/.test(familyName) ? `${familyName}a` : familyName;
};

/** Groups of names with their share of applicants and preferred languages. */
export const NAME_GROUPS: readonly NameGroup[] = [
  {
    region: "Latin America",
    weight: 30,
    familyNames: names(
      "Garcia, Hernandez, Lopez, Martinez, Rodriguez, Gonzalez, Perez, Sanchez, Ramirez, Torres",
      "Flores, Rivera, Gomez, Diaz, Morales, Ortiz, Gutierrez, Chavez, Mendoza, Castillo, Vargas",
      "Romero, Jimenez, Aguilar, Vasquez",
    ),
    femaleNames: names(
      "Maria, Guadalupe, Ana, Rosa, Daniela, Sofia, Valentina, Camila, Lucia, Ximena",
      "Juana, Gabriela, Yesenia, Maria Fernanda, Alejandra, Carmen",
    ),
    maleNames: names(
      "Jose, Juan, Luis, Carlos, Miguel, Jorge, Francisco, Alejandro, Diego, Mateo",
      "Fernando, Jesus, Ricardo, Oscar, Juan Carlos, Santiago",
    ),
    languages: [
      ["es", 85],
      ["en", 15],
    ],
  },
  {
    region: "China",
    weight: 8,
    familyNames: names(
      "Wang, Li, Zhang, Liu, Chen, Yang, Huang, Zhao, Wu, Zhou, Xu, Sun, Lin, Zhu",
      "Guo, He, Ma, Luo",
    ),
    femaleNames: names("Fang, Jing, Min, Yan, Ying, Mei, Lihua, Xiaoling, Hui, Xin, Yue"),
    maleNames: names("Wei, Lei, Jun, Hao, Zhiwei, Xiaoming, Jian, Tao, Yong, Bo, Chao"),
    languages: [
      ["zh", 75],
      ["en", 25],
    ],
  },
  {
    region: "India",
    weight: 8,
    familyNames: names(
      "Patel, Sharma, Singh, Kumar, Gupta, Reddy, Shah, Mehta, Iyer, Rao, Desai",
      "Chowdhury, Nair, Joshi, Kaur, Agarwal",
    ),
    femaleNames: names("Priya, Anjali, Deepika, Sneha, Aditi, Kavya, Lakshmi, Pooja, Neha"),
    maleNames: names("Rahul, Arjun, Vikram, Rohan, Sanjay, Amit, Ravi, Suresh, Harpreet"),
    languages: [["en", 1]],
  },
  {
    region: "Philippines",
    weight: 7,
    familyNames: names(
      "Santos, Reyes, Cruz, Bautista, Dela Cruz, Aquino, Villanueva, Ramos, De Leon",
      "Mercado, Navarro, Macaraeg, Manalo, Tolentino",
    ),
    femaleNames: names("Maria Cristina, Jennifer, Jocelyn, Marites, Angelica, Lorna, Rowena"),
    maleNames: names("Jose, Mark Anthony, Rodel, Ramon, Rommel, Christian, Jun, Danilo"),
    languages: [
      ["en", 60],
      ["tl", 40],
    ],
  },
  {
    region: "Vietnam",
    weight: 5,
    familyNames: names("Nguyen, Tran, Le, Pham, Hoang, Phan, Vu, Dang, Bui, Do, Ho, Ngo"),
    femaleNames: names("Thi Lan, Thi Huong, Linh, Phuong, Thanh Huong, Thu, Trang, Ngoc Anh"),
    maleNames: names("Van Minh, Tuan, Duc, Quang, Hieu, Van Hung, Thanh, Minh Khoa"),
    languages: [
      ["vi", 70],
      ["en", 30],
    ],
  },
  {
    region: "Korea",
    weight: 3,
    familyNames: names("Kim, Lee, Park, Choi, Jung, Kang, Cho, Yoon, Jang, Lim, Han, Shin"),
    femaleNames: names("Seo-yeon, Ji-woo, Soo-jin, Eun-ji, Ha-eun, Min-ji, Hye-jin"),
    maleNames: names("Min-jun, Ji-hoon, Hyun-woo, Jae-won, Young-ho, Sung-min, Dong-hyun"),
    languages: [
      ["ko", 65],
      ["en", 35],
    ],
  },
  {
    region: "Haiti",
    weight: 4,
    familyNames: names(
      "Jean, Pierre, Joseph, Louis, Charles, Baptiste, Etienne, Dorval, Augustin",
      "Celestin, Desrosiers, Francois, Saint-Louis, Thelusma",
    ),
    femaleNames: names("Marie, Widline, Nadege, Roseline, Guerline, Fabienne, Mirlande"),
    maleNames: names("Jean-Baptiste, Ricardo, Wilner, Jean Robert, Frantz, Reginald, Stanley"),
    languages: [
      ["ht", 60],
      ["fr", 20],
      ["en", 20],
    ],
  },
  {
    region: "Arab world",
    weight: 5,
    familyNames: names(
      "Ahmed, Ali, Hassan, Hussein, Ibrahim, Mohamed, Khalil, Mansour, Haddad, Saleh",
      "Nasser, Abdullah, Yousef, Al-Sayed",
    ),
    femaleNames: names("Fatima, Layla, Mariam, Nour, Aisha, Rania, Huda, Salma"),
    maleNames: names("Mohammed, Ahmad, Omar, Youssef, Khaled, Hassan, Karim, Tariq"),
    languages: [
      ["ar", 65],
      ["en", 35],
    ],
  },
  {
    region: "West and Central Africa (francophone)",
    weight: 2,
    familyNames: names("Diallo, Traore, Kone, Camara, Ndiaye, Diop, Mukendi, Kabila, Sow"),
    femaleNames: names("Aminata, Fatou, Mariama, Awa, Aissatou, Grace"),
    maleNames: names("Mamadou, Ousmane, Ibrahima, Moussa, Cheikh, Patrice"),
    languages: [
      ["fr", 75],
      ["en", 25],
    ],
  },
  {
    region: "East and West Africa (anglophone)",
    weight: 5,
    familyNames: names(
      "Okafor, Adeyemi, Okonkwo, Balogun, Eze, Mensah, Asante, Owusu, Tesfaye, Bekele",
      "Gebremedhin, Warsame, Otieno, Kamau",
    ),
    femaleNames: names("Ngozi, Chioma, Abena, Tigist, Amina, Wanjiru, Hiwot, Adaeze"),
    maleNames: names("Chinedu, Oluwaseun, Kwame, Abebe, Emeka, Kofi, Dawit, Abdirahman"),
    languages: [
      ["en", 90],
      ["ar", 5],
      ["fr", 5],
    ],
  },
  {
    region: "Brazil and Portugal",
    weight: 4,
    familyNames: names(
      "Silva, Santos, Oliveira, Souza, Pereira, Costa, Ferreira, Rodrigues, Almeida",
      "Carvalho, Gomes, Ribeiro, Martins, Araujo",
    ),
    femaleNames: names("Ana, Mariana, Beatriz, Juliana, Larissa, Fernanda, Leticia"),
    maleNames: names("Joao, Pedro, Lucas, Gabriel, Rafael, Thiago, Vinicius"),
    languages: [
      ["pt", 75],
      ["en", 25],
    ],
  },
  {
    region: "France and Quebec",
    weight: 1,
    familyNames: names("Martin, Bernard, Dubois, Thomas, Petit, Durand, Leroy, Moreau, Tremblay"),
    femaleNames: names("Camille, Chloe, Manon, Claire, Elodie, Amelie"),
    maleNames: names("Louis, Antoine, Julien, Mathieu, Nicolas, Guillaume"),
    languages: [
      ["fr", 55],
      ["en", 45],
    ],
  },
  {
    region: "Russia",
    weight: 3,
    familyNames: names(
      "Ivanov, Smirnov, Kuznetsov, Popov, Vasiliev, Petrov, Sokolov, Volkov, Novikov",
      "Fedorov, Morozov, Lebedev, Kozlov, Belinsky",
    ),
    femaleNames: names("Anna, Elena, Olga, Natalia, Tatiana, Ekaterina, Svetlana"),
    maleNames: names("Dmitry, Sergei, Alexei, Ivan, Mikhail, Andrei, Nikolai"),
    languages: [
      ["ru", 70],
      ["en", 30],
    ],
    feminineFamilyName: slavicFeminine,
  },
  {
    region: "Ukraine",
    weight: 3,
    familyNames: names(
      "Shevchenko, Kovalenko, Bondarenko, Tkachenko, Kravchenko, Oliinyk, Melnyk",
      "Shevchuk, Boyko, Kovalchuk, Lysenko, Marchenko, Savchenko, Rudenko",
    ),
    femaleNames: names("Olena, Iryna, Oksana, Yulia, Kateryna, Nataliya, Halyna"),
    maleNames: names("Oleksandr, Andriy, Mykola, Taras, Serhiy, Volodymyr, Dmytro"),
    languages: [
      ["uk", 60],
      ["ru", 15],
      ["en", 25],
    ],
  },
  {
    region: "Caribbean, Britain and elsewhere (English)",
    weight: 5,
    familyNames: names("Williams, Brown, Campbell, Thompson, Smith, Clarke, Reid, Edwards"),
    femaleNames: names("Shanice, Keisha, Emily, Charlotte, Tanya, Olivia"),
    maleNames: names("Andre, Marlon, Oliver, Dwayne, Jamal, Harry"),
    languages: [["en", 1]],
  },
];
