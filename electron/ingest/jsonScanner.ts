// Streams a JSON document that is an array of events, or an object with an `events` array, and
// hands out each element's text with the line it starts on. Only one element is held at a time:
// the scanner tracks strings, escapes and depth to find element boundaries; JSON.parse does the rest.
// Other top-level members of the object form (a cursor, a count) are skipped.
import { ImportError } from './errors';
import { formatSize, type IngestLimits } from './limits';

export type JsonElementHandler = (text: string, line: number) => void;

type Phase = 'start' | 'members' | 'key' | 'colon' | 'memberValue' | 'skip' | 'elements' | 'element' | 'done';
type Expect = 'first' | 'afterValue' | 'afterComma';

const WS = new Set([32, 9, 10, 13]);

export class JsonEventScanner {
  private buf = '';
  private pos = 0;
  private line = 1;
  private phase: Phase = 'start';
  private expect: Expect = 'first';
  private memberExpect: Expect = 'first';
  private inObject = false;
  private sawEvents = false;
  private key = '';
  // The value being scanned.
  private vStart = 0;
  private vLine = 0;
  private vScan = 0;
  private vDepth = 0;
  private vInString = false;
  private vScalar = false;

  constructor(
    private readonly file: string,
    private readonly limits: IngestLimits,
  ) {}

  push(text: string, onElement: JsonElementHandler): void {
    const scanning = this.phase === 'element' || this.phase === 'skip' || this.phase === 'key';
    const keep = scanning ? this.vStart : this.pos;
    this.buf = this.buf.slice(keep) + text;
    this.pos -= keep;
    this.vStart -= keep;
    this.vScan -= keep;
    this.drain(false, onElement);
  }

  end(onElement: JsonElementHandler): void {
    this.drain(true, onElement);
    if (this.phase !== 'done') {
      const what =
        this.phase === 'element'
          ? `the event that starts on line ${this.vLine} is cut off`
          : 'it ends before its closing bracket';
      throw new ImportError(
        this.file,
        this.line,
        null,
        `the JSON document is incomplete: ${what} (is the file truncated?)`,
      );
    }
    if (this.inObject && !this.sawEvents) {
      throw new ImportError(
        this.file,
        null,
        null,
        `the JSON object has no "events" array; expected [ ... ] or {"events": [ ... ]}`,
      );
    }
  }

  private drain(eof: boolean, onElement: JsonElementHandler): void {
    const buf = this.buf;
    const n = buf.length;
    while (this.pos < n || this.phase === 'element' || this.phase === 'skip' || this.phase === 'key') {
      if (this.phase === 'element' || this.phase === 'skip' || this.phase === 'key') {
        if (!this.scanValue(eof)) return;
        const text = buf.slice(this.vStart, this.pos);
        for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) this.line++;
        if (this.phase === 'element') {
          this.phase = 'elements';
          this.expect = 'afterValue';
          onElement(text, this.vLine);
        } else if (this.phase === 'key') {
          this.key = this.parseKey(text);
          this.phase = 'colon';
        } else {
          this.phase = 'members';
          this.memberExpect = 'afterValue';
        }
        continue;
      }
      const c = buf.charCodeAt(this.pos);
      if (WS.has(c)) {
        if (c === 10) this.line++;
        this.pos++;
        continue;
      }
      if (c === 0xfeff && this.phase === 'start') {
        this.pos++;
        continue;
      }
      this.step(c);
    }
  }

  private step(c: number): void {
    const ch = String.fromCharCode(c);
    switch (this.phase) {
      case 'start':
        if (ch === '[') this.phase = 'elements';
        else if (ch === '{') {
          this.phase = 'members';
          this.inObject = true;
        } else this.fail(`a JSON event file must start with [ or {, not ${JSON.stringify(ch)}`);
        this.pos++;
        return;
      case 'members':
        if (ch === '}' && this.memberExpect !== 'afterComma') {
          this.phase = 'done';
          this.pos++;
        } else if (ch === ',' && this.memberExpect === 'afterValue') {
          this.memberExpect = 'afterComma';
          this.pos++;
        } else if (ch === '"' && this.memberExpect !== 'afterValue') {
          this.beginValue('key', false);
        } else this.fail(`unexpected ${JSON.stringify(ch)} in the top-level JSON object`);
        return;
      case 'colon':
        if (ch !== ':') this.fail(`expected : after "${this.key}" in the top-level JSON object`);
        this.phase = 'memberValue';
        this.pos++;
        return;
      case 'memberValue':
        if (this.key === 'events') {
          if (this.sawEvents) this.fail(`the top-level object has two "events" members`);
          if (ch !== '[') this.fail(`the "events" member must be an array`);
          this.sawEvents = true;
          this.phase = 'elements';
          this.expect = 'first';
          this.pos++;
        } else this.beginValue('skip', ch !== '{' && ch !== '[' && ch !== '"');
        return;
      case 'elements':
        if (ch === ']' && this.expect !== 'afterComma') {
          this.phase = this.inObject ? 'members' : 'done';
          this.memberExpect = 'afterValue';
          this.pos++;
        } else if (ch === ',' && this.expect === 'afterValue') {
          this.expect = 'afterComma';
          this.pos++;
        } else if (this.expect === 'afterValue') {
          this.fail(`expected , or ] after the event that ends here, not ${JSON.stringify(ch)}`);
        } else if (ch === '{') {
          this.beginValue('element', false);
        } else if (ch === ']') {
          this.fail(`a trailing comma before ] is not valid JSON`);
        } else
          this.fail(
            `each element of the events array must be a JSON object, not one starting with ${JSON.stringify(ch)}`,
          );
        return;
      case 'done':
        this.fail(`unexpected text after the end of the JSON document`);
    }
  }

  private beginValue(phase: 'element' | 'key' | 'skip', scalar: boolean): void {
    this.phase = phase;
    this.vStart = this.pos;
    this.vLine = this.line;
    this.vScan = scalar ? this.pos : this.pos + 1;
    this.vScalar = scalar;
    const c = this.buf.charCodeAt(this.pos);
    this.vInString = !scalar && c === 34;
    this.vDepth = c === 123 || c === 91 ? 1 : 0;
  }

  /** Advances through the current value; true when it is complete (pos is just past it). */
  private scanValue(eof: boolean): boolean {
    const buf = this.buf;
    const n = buf.length;
    let i = this.vScan;
    let depth = this.vDepth;
    let inString = this.vInString;
    let done = false;
    if (this.vScalar) {
      while (i < n) {
        const c = buf.charCodeAt(i);
        if (c === 44 || c === 125 || c === 93 || WS.has(c)) break;
        i++;
      }
      done = i < n || eof;
    } else {
      while (i < n) {
        if (inString) {
          const q = buf.indexOf('"', i);
          if (q < 0) {
            i = n;
            break;
          }
          let b = q - 1;
          while (buf.charCodeAt(b) === 92) b--;
          i = q + 1;
          if ((q - 1 - b) % 2 === 1) continue; // an escaped quote
          inString = false;
          if (depth === 0) {
            done = true;
            break;
          }
          continue;
        }
        const c = buf.charCodeAt(i++);
        if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) {
          if (--depth === 0) {
            done = true;
            break;
          }
        }
      }
    }
    if (i - this.vStart > this.limits.maxRecordChars) {
      throw new ImportError(
        this.file,
        this.vLine,
        null,
        `the JSON value starting here is longer than the limit of ${formatSize(this.limits.maxRecordChars)} characters`,
      );
    }
    this.vScan = i;
    this.vDepth = depth;
    this.vInString = inString;
    if (done) this.pos = i;
    return done;
  }

  private parseKey(text: string): string {
    try {
      return JSON.parse(text) as string;
    } catch {
      return this.fail(`the member name ${text.slice(0, 80)} in the top-level JSON object is not a valid JSON string`);
    }
  }

  private fail(problem: string): never {
    throw new ImportError(this.file, this.line, null, problem);
  }
}
