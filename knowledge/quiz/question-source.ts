import type { StoredChunk } from "../types.js";
import type { QuestionSource } from "./question-types.js";

/** The clause a question rests on, as its preferred (official, newest) occurrence cites it. */
export function sourceOf(chunk: StoredChunk, text = chunk.text): QuestionSource {
  const o = chunk.occurrences[0];
  return {
    text,
    title: o?.title ?? "",
    year: o?.year,
    section: o?.section ?? "",
    chunkId: chunk.id,
  };
}

/** 《title》（year） and the innermost heading: how an explanation names the rule. */
export function cite(s: QuestionSource): string {
  const section = s.section.split(" > ").pop() ?? "";
  return `《${s.title}》${s.year ? `（${s.year}）` : ""}${section ? ` ${section.length > 40 ? `${section.slice(0, 40)}…` : section}` : ""}`;
}

const TOPIC_TAGS: [string, RegExp][] = [
  ["红包", /红包|礼金|现金/],
  ["回扣", /回扣|提成|返利|返点|好处|财物|商业贿赂/],
  ["统方", /统方|统计.*用量|用量信息|处方量|用量排名/],
  ["药企宴请", /宴请|旅游|娱乐|吃饭|请你.*吃/],
  ["医保", /医保/],
  ["学术会议", /学术|会议|捐赠|赞助|讲课/],
  ["集采", /集中带量采购|集采|中选/],
];

/** Topic tags (红包, 回扣 …) a campaign can choose questions by. */
export function tagsOf(text: string): string[] {
  return TOPIC_TAGS.filter(([, p]) => p.test(text)).map(([t]) => t);
}
