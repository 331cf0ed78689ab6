const DAY_MS = 86_400_000;

export interface InquiryAnswer {
  /** The published time in which 80% of such cases finish, in days. */
  p80Days: number;
  /** Whole months, rounded up, as people are told. */
  months: number;
  /** Cases received on or before this date are outside normal processing time ("receipt date for a case inquiry"). */
  cutoffDate: string;
  /** True when this case was received on or before the cut-off. */
  outsideNormal: boolean;
  /** The first day this case may be asked about (today when it is already outside normal time). */
  inquiryFrom: string;
}

const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Whether a case is outside normal processing time, and from when its owner may ask about it.
 * A case is outside normal time once it has waited longer than the time in which 80% of such cases
 * finish. Dates are calendar dates in UTC. Reused by service requests ("case taking too long").
 */
export function inquiryAnswer(receivedOn: string, p80Days: number, today: Date = new Date()): InquiryAnswer {
  const todayMs = Date.parse(`${today.toISOString().slice(0, 10)}T00:00:00Z`);
  const cutoffMs = todayMs - p80Days * DAY_MS;
  const receivedMs = Date.parse(`${receivedOn}T00:00:00Z`);
  const outsideNormal = receivedMs <= cutoffMs;
  return {
    p80Days,
    months: Math.ceil(p80Days / 30.44),
    cutoffDate: isoDate(cutoffMs),
    outsideNormal,
    inquiryFrom: isoDate(outsideNormal ? todayMs : receivedMs + p80Days * DAY_MS),
  };
}
