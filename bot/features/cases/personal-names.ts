/**
 * Personal names in a case notice, found the way a reader finds them: after a
 * role (医生王小明, 医药代表赵强, 患者张三), after words that bring in a person
 * (伙同李四, 与王五一起), next to a name already found (王五、赵六), or at the
 * start of a sentence followed by what people do (赵强多次…). A name is a
 * common surname and one or two more characters; names already anonymised
 * (王某, 李某某, 张X) are left alone, and words that merely start with a
 * surname character (高血压, 金额, 江苏) are not names.
 */
export function personalNames(text: string, known: Iterable<string> = []): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(ROLE)) addAt(found, text, end(m), ROLE_BOUNDARY);
  for (const m of text.matchAll(BRINGS_IN)) addAt(found, text, end(m), ROLE_BOUNDARY);
  for (const m of text.matchAll(WEAK_LEAD)) addAt(found, text, end(m), PERSON_FOLLOWS);
  for (const m of text.matchAll(MAY_BRING_IN)) addAt(found, text, end(m), PERSON_FOLLOWS);
  // A list continues from any name in it: 王五、赵六和钱七.
  const names = new Set([...known, ...found]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const name of names) {
      for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
        const after = at + name.length;
        if (!LIST_JOINER.test(text[after] ?? "")) continue;
        const next = nameAt(text, after + 1, ROLE_BOUNDARY);
        if (next && !names.has(next)) {
          names.add(next);
          found.add(next);
          grew = true;
        }
      }
    }
  }
  // 王五受到… read as 王五受 where 王五 is found elsewhere: the shorter name is the name.
  const all = new Set([...known, ...found]);
  return [...found].filter((n) => !(n.length >= 3 && all.has(n.slice(0, -1))));
}

/** The anonymised form of a name: its surname and 某 (欧阳明 → 欧阳某). */
export function anonymisedName(name: string): string {
  const surname = COMPOUND_SURNAMES.find((s) => name.startsWith(s)) ?? name.slice(0, 1);
  return `${surname}某`;
}

/** The names written right after a role word (医生王小明利用… → 王小明). */
export function namesAfterRoles(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(ROLE)) addAt(found, text, end(m), ROLE_BOUNDARY);
  return [...found];
}

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
const COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "慕容", "令狐"];

/** Role words a name follows; longer ones first so 主任医师 is not read as 主任 + 医师…. */
const ROLE =
  /(?:副主任医师|主任医师|主治医师|住院医师|医师|医生|大夫|副主任|主任|护士长|护士|护师|药剂师|药师|技师|检验师|副院长|院长|副书记|书记|副科长|科长|处长|局长|所长|站长|部长|组长|股长|副经理|总经理|经理|医药代表|药品代表|器械代表|代表|药代|业务员|销售员|销售人员|负责人|法定代表人|老板|员工|职工|工作人员|干部|会计|出纳|收费员|采购员|保管员|库管员|司机|患者|病人|病患|家属|亲属|妻子|丈夫|儿子|女儿|同事|同学|朋友|中间人|介绍人)/g;
/** Verbs that bring in another person: 伙同李四, 指使王五. */
const BRINGS_IN = /(?:伙同|指使|授意|委托|串通|勾结)/g;
/** Words after which a person may come (与李四一起), or a thing (与周边科室): what follows decides. */
const MAY_BRING_IN = /(?:安排|联系|介绍|通过|经由|找到|找来|让|叫|请|向|给|与|和|同|及|跟|由)/g;
/** Places a name may start where nothing marks it: a sentence or clause start. */
const WEAK_LEAD = /(?:^|[。；;！!\n，,：:])/g;
const LIST_JOINER = /[、和与及跟同]/;

/**
 * Characters that start what follows a name: particles, and the verbs of what
 * people in notices do (赠送, 合谋, 索要 …). Characters common at the end of
 * given names (明, 华, 安, 发 …) are left out, so 王振发 stays whole.
 */
const NEXT_WORD_START =
  "等因在利收受将于为被违多先向从与和及的是曾私给送索拿以通经承称也还又再才均都分帮找让把对就到共一两二三担任系同擅主退后已并便自亦即遂则不未串勾伙授指虚骗套挪贪截侵要说做用替叫所赠合借冒接提获介推签负转领约吃参组带陪滥玩失渎隐瞒伪篡泄购采销卖买付支报填审批核查供交上遭作夫妻之";
/** What may follow a name in a strong context: punctuation, or what starts the next word. */
const ROLE_BOUNDARY = new RegExp(`^(?:$|[，,。、；;（(：:\\s“”"…${NEXT_WORD_START}])`);
/** What follows a name at a clause start, where only acts people do make it a name. */
const PERSON_FOLLOWS =
  /^(?:收受|利用|索要|索取|伙同|指使|多次|先后|私自|擅自|违规|承认|供述|辩称|主动|退还|担任|时任|系|作为|与|和|、|等人|等[一二三四五六七八九十两]人|二人|两人|一起|一同|共同|在担任|在任|送|赠送|转账|提供|支付|介绍|联系|商议|商定|约定|合谋|见面|吃饭|出面|签字|经手)/;
/** Characters that cannot end a three-character name: they start what follows it. */
// Numerals end given names (王小二) as often as they start what follows (王五一起).
const NOT_NAME_END = new RegExp(`[${NEXT_WORD_START.replace(/[一两二三]/g, "")}去来]`);
/** Words that start with a surname character but name no one. */
const NOT_NAMES = new Set(
  "严重 严格 严肃 费用 明知 全院 金额 金钱 钱款 钱财 钱物 高价 高额 高档 高端 高度 高血压 高压氧 程序 方式 方面 方案 方法 任何 任职 于是 万元 江苏 江西 黄山 黄疸 白细胞 石膏 马上 周边 周末 周期 林业 安全 安排 明确 明显 时间 时任 文件 文化 和解 关于 关系 全部 全体 全院 司法 宁波 常规 常务 成本 成员 华东 华北 康复 应当 应该 单位 单据 申请 申报 管理 管辖 简单 解除 解释 车辆 项目 连续 路费 游戏 党员 党纪 党委 党支部 宫颈 师傅 商业 包括 尚未 龙头 戴帽 计划 车费 米粮 柏林 卫生 卫健委 查处 查明 查实 司机".split(
    " ",
  ),
);

function end(m: RegExpMatchArray): number {
  return (m.index ?? 0) + m[0].length;
}

function addAt(found: Set<string>, text: string, start: number, follows: RegExp): void {
  const name = nameAt(text, start, follows);
  if (name) found.add(name);
}

/** The name starting at `start`, if a surname starts there and a name-ending follows. */
function nameAt(text: string, start: number, follows: RegExp): string | undefined {
  const surname =
    COMPOUND_SURNAMES.find((s) => text.startsWith(s, start)) ??
    (SURNAMES.includes(text[start] ?? "\0") ? text[start] : undefined);
  if (!surname) return undefined;
  for (const given of [2, 1]) {
    const name = text.slice(start, start + surname.length + given);
    if (name.length !== surname.length + given || !/^\p{Script=Han}+$/u.test(name)) continue;
    // 王某, 李某某: already anonymised.
    if (/某/.test(name.slice(surname.length))) return undefined;
    if (given === 2 && NOT_NAME_END.test(name.at(-1) ?? "")) continue;
    // 高血压 is not 高血 + 压, nor 江苏籍 a 江 named 苏籍.
    const word = [...NOT_NAMES].some(
      (w) => name.startsWith(w) || (w.startsWith(name) && text.startsWith(w, start)),
    );
    if (word) continue;
    if (follows.test(text.slice(start + name.length))) return name;
  }
  return undefined;
}
