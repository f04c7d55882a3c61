import {
  type AnnexMarker,
  INLINE_MARKER_RE,
  type MarkerType,
  markerLabel,
  matchAnnex,
  matchMarker,
  type OutlineMarker,
} from "./outline-markers.js";

/**
 * Turns cleaned lines into blocks with their heading path. Marker types get
 * their depth from the order they appear in (documents nest 一、/（一）/1.
 * differently). In paragraphs that a scrape ran together, a marker only starts
 * a new block when it follows a sentence end (or a short heading) AND is the
 * next number expected at its level — so "刑法修正案(六)" stays inside its
 * sentence, and "…开展合作。12 .夯实…" is two clauses.
 */
export interface Block {
  kind: "heading" | "clause" | "paragraph";
  /**
   * Labels of the enclosing headings, outermost first. A numbered item adds
   * its own label last: its number with its heading when it has one
   * ("（一）强化纠风工作思想体系建设"), its number alone when it has none ("（一）").
   */
  path: string[];
  text: string;
  /** A numbered item's own number as written, without spacing: "（一）", "第三条", "2.". */
  label?: string;
  /**
   * The path as search indexes it: each numbered item with its opening words
   * when it has no heading ("第十一条医药代表开展学术推广活动，须提前5个工作日填写"),
   * so a clause is found by what it opens with, as a headed one is by its heading.
   */
  searchPath: string[];
}

type FrameType = MarkerType | "annex" | "label";
interface Frame {
  type: FrameType;
  ordinal: number;
  label: string;
  /** The label search indexes: the heading, or the opening words when there is none. */
  cue: string;
}

const BOUNDARY_BEFORE = /[。；;：:！？!?.”]$/;

export function parseOutline(lines: string[]): Block[] {
  const parser = new OutlineParser();
  for (const line of lines) if (line.trim() !== "") parser.line(line.trim());
  return parser.blocks;
}

type Start =
  | { at: number; kind: "marker"; marker: OutlineMarker }
  | { at: number; kind: "annex"; annex: AnnexMarker };

class OutlineParser {
  readonly blocks: Block[] = [];
  private stack: Frame[] = [];
  private lastSeen = new Map<FrameType, number>();
  /** Titles an annex list gave ("附件：1.…2.…"), by annex number. */
  private annexTitles = new Map<number, string>();

  line(line: string): void {
    if (/^附[件表]\s*\d*(?:[：:].*)?$/.test(line) && line.length <= 60) {
      this.stack = [{ type: "annex", ordinal: 0, label: line, cue: line }];
      this.push("heading", line);
      return;
    }
    let current: Start | undefined;
    const first = matchMarker(line);
    if (first && (!first.ocr || this.accepts(first))) {
      current = { at: 0, kind: "marker", marker: first };
      this.apply(first, line);
    }
    let start = 0;
    // Where an annex list ended: the annex heading that follows it needs no sentence end.
    let listEnd = -1;
    for (const m of line.matchAll(INLINE_MARKER_RE)) {
      const at = m.index ?? 0;
      if (at < start || (at === start && at !== listEnd)) continue;
      const before = line.slice(start, at);
      const boundary =
        at === listEnd ||
        BOUNDARY_BEFORE.test(before) ||
        (current?.kind === "marker" && isShortHeading(before, current.marker));
      if (!boundary) continue;
      const rest = line.slice(at);
      const annex = matchAnnex(rest);
      if (annex) {
        if (!this.acceptsAnnex(annex)) continue;
        this.emit(before, current);
        current = { at, kind: "annex", annex };
        start = at;
        if (annex.ordinal === 0) {
          // The list of annexes names them; its numbers are not clauses.
          const end = this.annexListEnd(line, at);
          this.annexList(line.slice(at, end));
          current = undefined;
          start = end;
          listEnd = end;
        }
        continue;
      }
      const candidate = matchMarker(rest);
      if (!candidate || !this.accepts(candidate)) continue;
      this.emit(before, current);
      current = { at, kind: "marker", marker: candidate };
      this.apply(candidate, rest);
      start = at;
    }
    this.emit(line.slice(start), current);
  }

  private emit(text: string, start: Start | undefined): void {
    const trimmed = text.trim();
    if (trimmed === "") return;
    if (start?.kind === "annex") {
      this.emitAnnex(trimmed, start.annex);
      return;
    }
    const marker = start?.marker;
    if (marker) {
      const frame = this.stack.find((f) => f.type === marker.type && f.ordinal === marker.ordinal);
      if (frame) {
        frame.label = labelOf(trimmed, marker);
        frame.cue = cueOf(trimmed, marker);
      }
      this.push(
        isShortHeading(trimmed, marker) ? "heading" : "clause",
        trimmed,
        markerLabel(marker),
      );
      return;
    }
    if (isUnnumberedHeading(trimmed)) {
      const label = trimmed.replace(/[：:]$/, "");
      this.stack = this.stack.filter((f) => f.type !== "label");
      this.stack.push({ type: "label", ordinal: 0, label, cue: label });
      this.push("heading", trimmed);
      return;
    }
    this.push("paragraph", trimmed);
  }

  private push(kind: Block["kind"], text: string, label?: string): void {
    const block: Block = { kind, path: this.labels(), text, searchPath: this.cues() };
    if (label !== undefined) block.label = label;
    this.blocks.push(block);
  }

  /** "附件3" + the title the annex list gave it (or up to the first 表) is the heading; the rest is its text. */
  private emitAnnex(text: string, annex: AnnexMarker): void {
    const after = text.slice(annex.raw.length);
    const listed = this.annexTitles.get(annex.ordinal);
    const title =
      listed && after.startsWith(listed)
        ? listed
        : (/^[^。；;：:，,]{2,40}?表/.exec(after)?.[0] ?? "");
    const label = text.slice(0, annex.raw.length + title.length).trim();
    this.stack = [{ type: "annex", ordinal: annex.ordinal, label, cue: label }];
    this.lastSeen.set("annex", annex.ordinal);
    this.push("heading", label);
    const body = text.slice(label.length).trim();
    if (body !== "") this.push("paragraph", body);
  }

  /** The list runs to the first annex heading after it, or to the end of the line. */
  private annexListEnd(line: string, at: number): number {
    const re = /附[件表]\s?\d{1,2}(?!\d)/g;
    re.lastIndex = at + 3;
    return re.exec(line)?.index ?? line.length;
  }

  private annexList(text: string): void {
    this.stack = [];
    const items = text.replace(/^附[件表]\s?[：:]/, "").split(/(?=\d{1,2}\s?[.．、](?!\d))/);
    for (const item of items) {
      const m = /^(\d{1,2})\s?[.．、]\s*(.+)$/.exec(item.trim());
      if (m?.[1] && m[2]) this.annexTitles.set(Number(m[1]), m[2].trim());
    }
    this.push("heading", text.trim());
  }

  /** At a line start a marker is trusted; inside a run-together line it must be the next expected number. */
  private accepts(marker: OutlineMarker): boolean {
    const frame = this.stack.find((f) => f.type === marker.type);
    if (frame) return marker.ordinal === frame.ordinal + 1;
    const last = this.lastSeen.get(marker.type);
    return marker.ordinal === 1 || (last !== undefined && marker.ordinal === last + 1);
  }

  /** An annex list anywhere; a numbered annex when its number is past the last one (OCR may lose a label). */
  private acceptsAnnex(annex: AnnexMarker): boolean {
    if (annex.ordinal === 0) return true;
    return annex.ordinal > (this.lastSeen.get("annex") ?? 0);
  }

  private apply(marker: OutlineMarker, text: string): void {
    const idx = this.stack.findIndex((f) => f.type === marker.type);
    const base = idx >= 0 ? this.stack.slice(0, idx) : this.stack.filter((f) => f.type !== "label");
    this.stack = [
      ...base,
      {
        type: marker.type,
        ordinal: marker.ordinal,
        label: labelOf(text, marker),
        cue: cueOf(text, marker),
      },
    ];
    this.lastSeen.set(marker.type, marker.ordinal);
  }

  private labels(): string[] {
    return this.stack.map((f) => f.label);
  }

  private cues(): string[] {
    return this.stack.map((f) => f.cue);
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

/**
 * Words that open the text of an item whose heading a scrape ran into it
 * ("一、指导思想以习近平…为指导", "1 .规范药品阳光采购工作根据…", "(二)自查自纠阶段(XX月)各医疗机构要…").
 */
const OPENING = new RegExp(
  [
    "根据",
    "按照",
    "依据",
    "为(?:贯彻|进一步|切实|深入|全面|加强|规范|推动|确保)",
    "以[^，,。；;]{1,30}?为",
    "通过",
    "本次",
    "进一步",
    "继续",
    "加快",
    "全面(?:落实|推进|加强|贯彻)",
    "坚持",
    "围绕",
    "结合",
    "针对",
    "联席会议",
    "各[^，,。；;、]{1,10}?要",
  ].join("|"),
);

/** The longest a heading may be. */
const MAX_HEADING = 30;

/**
 * A numbered item's heading, when it has one: its first sentence if that is a
 * short title ("（一）强化纠风工作思想体系建设。…"), or the title a scrape ran
 * into its text. Articles (第N条) have none: their number is their label.
 */
export function headingOf(text: string, marker: OutlineMarker): string | undefined {
  if (marker.type === "article") return undefined;
  const body = text.slice(marker.raw.length);
  // ASCII "." ends a sentence after a Han character (OCR'd text), not inside "1.1".
  const first = /^(?:[^。；;！？!?：:.]|(?<!\p{Script=Han})\.)*/u.exec(body)?.[0] ?? body;
  const end = body.charAt(first.length);
  const plain = !/[；;]/.test(first);
  if (
    plain &&
    first.length >= 2 &&
    first.length <= MAX_HEADING &&
    (!/[，,]/.test(first) || first.length <= 16) &&
    (end === "" || /[。.]/.test(end))
  ) {
    return first.trim();
  }
  const opening = OPENING.exec(first.slice(0, MAX_HEADING + 8));
  if (opening && opening.index >= 4 && opening.index <= MAX_HEADING) {
    const head = first.slice(0, opening.index);
    // "自查自纠要坚持原则" is a sentence, not a heading before its text.
    if (!/[，,；;。]/.test(head) && !/(?:要|应|须|将|可|是|的|和|与|及|并)$/.test(head))
      return head.trim();
  }
  return undefined;
}

/** The label a numbered item contributes to paths: its number, and its heading when it has one. */
export function labelOf(text: string, marker: OutlineMarker): string {
  const heading = headingOf(text, marker);
  if (heading === undefined) return markerLabel(marker);
  // "第一章 总则", as statutes print it; "（一）强化…", "1.强化…" run on.
  const gap = marker.type === "chapter" || marker.type === "article" ? " " : "";
  return `${markerLabel(marker)}${gap}${heading}`;
}

/**
 * What a numbered item contributes to the path search indexes: its number and
 * the opening words of its first sentence (its heading, when it has one).
 */
export function cueOf(text: string, marker: OutlineMarker): string {
  const body = text.slice(marker.raw.length).trim();
  const opening = /^[^。；;！？]*/.exec(body)?.[0] ?? body;
  return `${markerLabel(marker)}${opening.slice(0, MAX_HEADING)}`;
}
