// Counts in words: "1 event", "2 events", "≥ 10,000 events".

/** `n` and the noun, singular for exactly one; `estimate` marks a lower bound. */
export function plural(n: number, noun: string, estimate = false, pluralNoun = `${noun}s`): string {
  return `${estimate ? '≥ ' : ''}${n.toLocaleString('en')} ${n === 1 && !estimate ? noun : pluralNoun}`;
}
