/**
 * Text written straight into bytes, for files of hundreds of megabytes (the lists): each piece goes into one reused
 * buffer (numbers digit by digit, strings with `Buffer`'s own encoders), never through per-row strings that would be
 * joined, flattened and encoded again. What is written is handed over at row boundaries, once past a threshold.
 */

/** `Buffer`'s own encoders, which its `write(string, offset, encoding)` calls after checking its arguments. */
type Encoders = Buffer & {
  latin1Write(text: string, offset: number): number;
  utf8Write(text: string, offset: number): number;
};

const DIGIT_0 = 48;

export class TextSink {
  private bytes: Encoders;
  private at = 0;

  /**
   * `flush` receives a view of the sink's own buffer, valid only during the call: write it out or copy it there.
   * It is called by `rowDone` once `threshold` bytes are waiting, and by `end`.
   */
  constructor(
    private readonly flush: (bytes: Uint8Array) => void,
    private readonly threshold = 1 << 20,
  ) {
    this.bytes = Buffer.allocUnsafe(threshold * 2) as Encoders;
  }

  /** Text known to be ASCII (names of statuses and criteria, digits, punctuation). */
  ascii(text: string): void {
    this.room(text.length);
    this.at += this.bytes.latin1Write(text, this.at);
  }

  /** Any text, as UTF-8 (a lone surrogate becomes U+FFFD, as every UTF-8 encoder of Node writes it). */
  utf8(text: string): void {
    this.room(text.length * 3);
    this.at += this.bytes.utf8Write(text, this.at);
  }

  /** One ASCII character by its code. */
  char(code: number): void {
    this.room(1);
    this.bytes[this.at++] = code;
  }

  /** A non-negative safe integer in decimal, as `String(value)` writes it. */
  integer(value: number): void {
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    this.padded(value, digits);
  }

  /** Exactly `width` decimal digits of a non-negative integer below 10^width (leading zeros). */
  padded(value: number, width: number): void {
    this.room(width);
    let rest = value;
    for (let i = this.at + width - 1; i >= this.at; i--) {
      const next = Math.floor(rest / 10);
      this.bytes[i] = DIGIT_0 + (rest - next * 10);
      rest = next;
    }
    this.at += width;
  }

  /** Between rows: hands over what is waiting once past the threshold. */
  rowDone(): void {
    if (this.at >= this.threshold) this.end();
  }

  /** Hands over whatever is waiting. */
  end(): void {
    if (this.at === 0) return;
    this.flush(this.bytes.subarray(0, this.at));
    this.at = 0;
  }

  private room(length: number): void {
    if (this.at + length <= this.bytes.length) return;
    const larger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.at + length)) as Encoders;
    this.bytes.copy(larger, 0, 0, this.at);
    this.bytes = larger;
  }
}
