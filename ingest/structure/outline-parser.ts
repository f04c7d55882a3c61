import {
  INLINE_MARKER_RE,
  type MarkerType,
  matchMarker,
  type OutlineMarker,
} from "./outline-markers.js";

/**
 * Turns cleaned lines into blocks with their heading path. Marker types get
 * their depth from the order they appear in (documents nest 一、/（一）/1.
 * differently). In paragraphs that a scrape ran together, a marker only starts
 * a new block when it follows a sentence end (or a short heading) AND is the
 * next number expected at its level — so "刑法修正案(六)" stays inside its sentence.
 */
export interface Block {
  kind: "heading" | "clause" | "paragraph";
  /** Labels of the enclosing headings; for a clause, its own label is last. */
  path: string[];
  text: string;
}

type FrameType = MarkerType | "annex" | "label";
interface Frame {
  type: FrameType;
  ordinal: number;
  label: string;
}

const BOUNDARY_BEFORE = /[。；;：:！？!?.”]$/;

export function parseOutline(lines: string[]): Block[] {
  const parser = new OutlineParser();
  for (const line of lines) if (line.trim() !== "") parser.line(line.trim());
  return parser.blocks;
}

class OutlineParser {
  readonly blocks: Block[] = [];
  private stack: Frame[] = [];
  private lastSeen = new Map<FrameType, number>();

  line(line: string): void {
    if (/^附[件表]\s*\d*(?:[：:].*)?$/.test(line) && line.length <= 60) {
      this.stack = [{ type: "annex", ordinal: 0, label: line }];
      this.blocks.push({ kind: "heading", path: this.labels(), text: line });
      return;
    }
    const first = matchMarker(line);
    let marker = first;
    if (marker) this.apply(marker, line);
    let start = 0;
    for (const m of line.matchAll(INLINE_MARKER_RE)) {
      const at = m.index ?? 0;
      if (at <= start) continue;
      const candidate = matchMarker(line.slice(at));
      if (!candidate) continue;
      const current = line.slice(start, at);
      const boundary =
        BOUNDARY_BEFORE.test(current) || (marker !== undefined && isShortHeading(current, marker));
      if (!boundary || !this.acceptsInline(candidate)) continue;
      this.emit(current, marker);
      marker = candidate;
      this.apply(candidate, line.slice(at));
      start = at;
    }
    this.emit(line.slice(start), marker);
  }

  private emit(text: string, marker: OutlineMarker | undefined): void {
    const trimmed = text.trim();
    if (trimmed === "") return;
    if (marker) {
      const frame = this.stack.find((f) => f.type === marker.type && f.ordinal === marker.ordinal);
      if (frame) frame.label = labelOf(trimmed, marker);
      const heading = isShortHeading(trimmed, marker);
      this.blocks.push({
        kind: heading ? "heading" : "clause",
        path: this.labels(),
        text: trimmed,
      });
      return;
    }
    if (isUnnumberedHeading(trimmed)) {
      this.stack = this.stack.filter((f) => f.type !== "label");
      this.stack.push({ type: "label", ordinal: 0, label: trimmed.replace(/[：:]$/, "") });
      this.blocks.push({ kind: "heading", path: this.labels(), text: trimmed });
      return;
    }
    this.blocks.push({ kind: "paragraph", path: this.labels(), text: trimmed });
  }

  /** At a line start a marker is trusted; inside a run-together line it must be the next expected number. */
  private acceptsInline(marker: OutlineMarker): boolean {
    const frame = this.stack.find((f) => f.type === marker.type);
    if (frame) return marker.ordinal === frame.ordinal + 1;
    const last = this.lastSeen.get(marker.type);
    return marker.ordinal === 1 || (last !== undefined && marker.ordinal === last + 1);
  }

  private apply(marker: OutlineMarker, text: string): void {
    const idx = this.stack.findIndex((f) => f.type === marker.type);
    const base = idx >= 0 ? this.stack.slice(0, idx) : this.stack.filter((f) => f.type !== "label");
    this.stack = [
      ...base,
      { type: marker.type, ordinal: marker.ordinal, label: labelOf(text, marker) },
    ];
    this.lastSeen.set(marker.type, marker.ordinal);
  }

  private labels(): string[] {
    return this.stack.map((f) => f.label);
  }
}

/** A heading: marker plus a short title without sentence punctuation. */
function isShortHeading(text: string, marker: OutlineMarker): boolean {
  const title = text.slice(marker.raw.length);
  return title.length > 0 && title.length <= 40 && !/[。；;，,！？]/.test(title);
}

/** "专项行动之一：开展高值耗材专项检查" and similar unnumbered sub-headings. */
function isUnnumberedHeading(text: string): boolean {
  if (text.length > 40 || /[。；;，,！？]/.test(text)) return false;
  return (
    /之[一二三四五六七八九十]+[：:]/.test(text) ||
    /^[\p{Script=Han}（）()“”]{2,20}[：:]?$/u.test(text)
  );
}

/** The label a clause contributes to paths: marker + its title sentence. */
export function labelOf(text: string, marker: OutlineMarker): string {
  const body = text.slice(marker.raw.length);
  const title = /^[^。；;！？]*/.exec(body)?.[0] ?? body;
  const short = title.length > 30 ? `${title.slice(0, 30)}…` : title;
  return `${marker.raw.trim()}${short}`;
}
