/** Drops a table of contents: "目录" followed by entries ending in page numbers. */
export function removeTableOfContents(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (!/^目\s*录$/.test(line)) {
      out.push(line);
      continue;
    }
    let j = i + 1;
    while (j < lines.length) {
      const entry = lines[j] ?? "";
      if (entry === "" || (/\d+$/.test(entry) && entry.length <= 80)) j++;
      else break;
    }
    i = j - 1;
  }
  return out;
}
