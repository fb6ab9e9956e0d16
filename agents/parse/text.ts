// The working text every sub-parser reads: a copy of the input in which claimed spans are blanked out
// (same length, so indexes into the copy are indexes into the original).

export class WorkText {
  text: string;
  constructor(readonly original: string) {
    this.text = original;
  }

  claim(start: number, end: number): void {
    this.text = this.text.slice(0, start) + ' '.repeat(Math.max(0, end - start)) + this.text.slice(end);
  }

  /** Every match of `pattern` (global) in the unclaimed text. */
  matches(pattern: RegExp): RegExpExecArray[] {
    return [...this.text.matchAll(pattern)];
  }
}

export function isCapitalized(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}
