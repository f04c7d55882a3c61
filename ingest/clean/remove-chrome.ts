/**
 * Drops lines that are not policy text: document-sharing site chrome, upload
 * metadata, news-site furniture, advertising and bare URLs. Titles found in
 * that chrome (the uploaded file name, a news headline) are returned as hints.
 */

const CHROME_LINE: RegExp[] = [
  /^上传人[:：]/,
  /文档编号[:：].*(上传时间|格式|页数)/,
  /^返回\s*下载/,
  /_第\d+页$/,
  /^第\s*\d+\s*页\s*[/／]\s*共\s*\d+\s*页$/,
  /^点击查看更多/,
  /^(资源描述|展开阅读全文|相关资源|猜你喜欢|相关搜索|全文阅读已结束|下载文档)$/,
  /由会员分享.*(在线阅读|搜索)/,
  /^当前位置[:：]/,
  /(ICP备|备案号[:：]|经营许可证[:：]|公网安备)/,
  /^责任编辑[:：]/,
  /^[（(]?信息公开形式[:：]/,
  /^相关链接[:：]/,
  /^(海量资讯|精准解读)/,
  /^https?:\/\/\S+$/,
  /^(分享到|打印本页|关闭窗口|【(打印|关闭|收藏)】)/,
];

const AD_WORDS = [
  "会员",
  "客服",
  "公众号",
  "网盘",
  "素材",
  "一键",
  "下载",
  "添加",
  "谨防假冒",
  "好评如潮",
  "代发布",
  "接单",
  "小伙伴",
  "每天更新",
  "唯一平台",
  "扫码",
  "二维码",
];

export interface ChromeResult {
  lines: string[];
  titleHints: string[];
}

export function removeChrome(lines: string[]): ChromeResult {
  const titleHints: string[] = [];
  const kept: string[] = [];
  for (const line of lines) {
    const fileName = /^(.{4,80})\.(docx?|pdf|wps|txt)$/i.exec(line);
    if (fileName?.[1]) {
      titleHints.push(fileName[1]);
      continue;
    }
    const original = /^原标题[:：]\s*(.+)$/.exec(line);
    if (original?.[1]) {
      titleHints.push(original[1]);
      continue;
    }
    if (CHROME_LINE.some((re) => re.test(line))) continue;
    if (isAdvertising(line)) continue;
    kept.push(stripInlineUrls(line));
  }
  return { lines: kept, titleHints };
}

function isAdvertising(line: string): boolean {
  let hits = 0;
  for (const word of AD_WORDS) if (line.includes(word)) hits++;
  return hits >= 3 || (hits >= 2 && /^【[^】]{1,12}】/.test(line));
}

/** A page URL pasted into the middle of a sentence by PDF extraction. */
function stripInlineUrls(line: string): string {
  return line.replace(/(?<=\p{Script=Han})\s*https?:\/\/[\w./?%&=#:-]+\s*(?=\p{Script=Han})/gu, "");
}
