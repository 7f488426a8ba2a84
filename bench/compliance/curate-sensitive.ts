/**
 * Curates the sensitive-word lexicons shipped in the general packs from the raw public lists in
 * ../shared/data/lexicons (konsheng/Sensitive-lexicon, MIT; LDNOOBW via naughty-words, CC-BY-4.0),
 * and rewrites the `terms` of the `sensitive.*` rules in
 * shared/compliance/data/packs/{zh-CN,en}/general.json. Everything else in the packs is hand-written.
 *
 *   npx tsx bench/compliance/curate-sensitive.ts
 *
 * The raw lists flag about one ordinary shopping review in six, mostly on short numeric/Latin
 * tokens and common words, so the rules are:
 *  - drop combination rules (`a+b`), URLs, and entries with inner whitespace;
 *  - zh: keep only entries that contain a Chinese character after normalisation (Latin and digits
 *    go through the en lexicon with word boundaries instead);
 *  - two-character zh entries only when they are on the reviewed KEEP2 list (that is where
 *    ordinary words collide), longer ones unless on the STOP list;
 *  - the corruption list (names of officials, mostly ordinary personal names) and the 53k
 *    Tencent/NetEase/GFW lists are used only through category keywords (gambling, drugs, spam);
 *  - an entry that contains another kept entry of the same category adds nothing and is dropped.
 * Hand-written supplements (SUPPLEMENT) cover what the lists lack (gambling, spam, English).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normaliseTerm } from '../../shared/compliance/normalise';

const LEX = resolve(__dirname, '../../../shared/data/lexicons');
const PACKS = resolve(__dirname, '../../shared/compliance/data/packs');

type Cat = 'politics' | 'porn' | 'violence' | 'gambling' | 'drugs' | 'spam';

const PRIORITY: Cat[] = ['porn', 'drugs', 'gambling', 'violence', 'politics', 'spam'];

const FILES: Record<string, Cat> = {
  '政治类型.txt': 'politics',
  '反动词库.txt': 'politics',
  '色情类型.txt': 'porn',
  '色情词库.txt': 'porn',
  '暴恐词库.txt': 'violence',
  '涉枪涉爆.txt': 'violence',
  '广告类型.txt': 'spam',
};
/** Large mixed lists: used only for entries that hit a category keyword. */
const KEYWORD_ONLY = ['零时-Tencent.txt', '网易前端过滤敏感词库.txt', 'GFW补充词库.txt', '补充词库.txt', '民生词库.txt', '其他词库.txt'];

/** Keywords that route an entry to a category whatever file it came from (checked in this order). */
const ROUTES: [Cat, RegExp][] = [
  ['drugs', /冰毒|海洛因|摇头丸|k粉|可卡因|鸦片|吗啡|三唑仑|迷药|迷幻|麻古|氯胺酮|罂粟|蒙汗药|迷魂|毒品|杜冷丁|美沙酮|大麻|听话水|失身粉|迷奸药|催情|乖乖粉|咔哇|神仙水|安眠酮/],
  ['gambling', /赌|博彩|百家乐|六合彩|时时彩|老虎机|轮盘|真钱|彩金|庄家|外围/],
  ['violence', /炸药|炸弹|雷管|燃烧弹|原子弹|核弹|手枪|步枪|猎枪|气枪|汽枪|狙击|枪支|子弹|军火|弓弩|管制刀|杀人|砍人|恐怖分子|自制武器/],
  ['spam', /代开发票|发票代开|办证|假证|刻章|代考|替考|答案出售|假币|窃听|针孔摄|私家侦探|套现|信用卡提现|洗钱|代孕|卖肾|售肾/],
  ['politics', /法轮|轮功|李洪志|大纪元|新唐人|真善忍|九评|台独|藏独|疆独|达赖|六四|天安门事件/],
];

/** Reviewed two-character entries worth keeping (unambiguous in ordinary product copy). */
const KEEP2 = new Set(
  `习近平 温家宝 胡锦涛 江泽民 邓小平 毛泽东 李鹏 中共 共匪 共狗 土共 恶党 邪党 老共 法轮 轮功 台独 藏独 疆独 达赖 六四 学潮 戒严 退党 九评 血书 灭共 杀毙 核蛋
   爱液 爆乳 暴乳 暴奸 暴淫 被操 逼奸 插暴 操逼 操黑 操烂 肏你 肏死 操死 操我 插逼 插阴 潮吹 潮喷 吃精 抽插 春药 荡妇 荡女 盗撮 肥逼 粉穴 干穴 肛交 龟头 豪乳 黑逼 后穴
   黄片 几吧 鸡吧 鸡巴 鸡奸 妓女 叫床 脚交 精液 巨屌 菊门 巨奶 巨乳 菊穴 开苞 口爆 口活 口交 口射 口淫 狂操 狂插 浪逼 浪妇 浪叫 浪女 狼友 聊性 乱交 乱伦 轮暴 轮操 轮奸
   裸陪 买春 美逼 美穴 秘唇 迷奸 密穴 蜜穴 蜜液 摸奶 母奸 奶子 内射 嫩逼 嫩穴 女优 炮友 砲友 喷精 屁眼 强暴 情色 拳交 群交 人兽 日逼 日烂 肉棒 肉逼 肉唇 肉洞 肉缝 肉棍
   肉茎 揉乳 肉穴 肉欲 乳爆 乳交 骚逼 骚比 骚女 骚水 骚穴 色逼 色欲 射爽 射颜 食精 兽奸 兽交 手淫 兽欲 熟妇 爽片 死逼 体奸 舔阴 吸精 相奸 小逼 校鸡 小穴 性虎 性交 性奴 性虐
   性欲 胸推 颜射 阳具 淫虫 阴唇 淫荡 阴阜 淫妇 阴核 阴户 淫贱 淫叫 阴茎 阴精 淫浪 淫媚 淫糜 淫魔 淫母 淫女 淫虐 淫妻 淫情 淫色 淫书 淫水 淫娃 淫亵 淫液 淫照 幼交 援交
   招鸡 招妓 自慰 作爱 a片 g片 傻逼 煞笔 卧槽 我操 艹你 妈逼 婊子 贱货 射精 诱奸 强奸 做爱 性爱 裸聊 裸照 骚妇 骚货 骚浪 淫乱 淫靡 淫肉 淫兽 淫穴 阴蒂 应召 无码 嫖娼 卖淫 妓院
   楼凤 口暴 足交 吞精 毒龙 包夜 仆街 下贱 贱人 傻比
   冰毒 麻古 k粉 大麻 吗啡 鸦片 迷药 毒品 赌博 赌球 赌马 赌具 博彩 网赌 赌场 私彩 枪支 炸药 雷管 办证 假币 刻章 代孕 售肾 套现`.split(/\s+/),
);

/** Longer entries that are ordinary words or ambiguous in product copy. */
const STOP = new Set(
  `江浙闽 江浙民 民泽江 江某某 李建国 陈建国 王学军 张志国 王振华 王东明 丁一平 刘志军 锋同志 南街村 八九年 贰拾年 讨说法 公开信 反分裂 威胁论 钓鱼岛 解放军 国民党 民进党 穆斯林 伊斯兰
   阿拉伯 回回 热比娅 藏春阁 藏妇会 王千源 买别墅 玩女人 贪财物 受贿罪 自动辞 拔出来 美少妇 菊花洞 要射了 性感少 麻痹的 寂寞男 寂寞女 学生妹 成人电 成人聊 成人片 成人视 成人图 成人文
   成人小 麻醉药 麻醉枪 麻醉弹 麻醉狗 代血浆 呋塞米 地西泮 甲睾酮 地奈德 氯噻嗪 泼尼松 麻黄草 咖啡因 亚硒酸 氧化汞 氧化铊 兴奋剂 安眠药 电话监 电话交友 售纯度 售健卫 售一元硬 枪决女犯
   形式主义 维基百科 纽约时报 华盛顿邮报 星岛日报 世界日报 美国广播公司 bbc中文网 自由时报 中国时报 英国金融时报 你办事我放心 改革历程 兵力部署 组织集体 强制拆除 强制捐款
   城管暴力执法 官商勾结 贪污腐败 台湾问题 宪法法院 小泽一郎 互联网审查 穆罕默德 穆罕穆德 默罕默德 日本万岁 主席画像 境外媒体 东森新闻网 东森电视 激流中国 封锁消息 新闻封锁
   网络封锁 关闭所有论坛 历史的伤口 谁是新中国 左翼联盟 异议人士 群体事件 群体性事件 出现暴动 发生暴动 引起暴动 规模冲突 流血冲突 七大军区 7大军区 北京军区 南京军区 广州军区 兰州军区
   沈阳军区 成都军区 济南军区 第21集团军 中华局域网 金盾工程 无界浏览 无界网络 台海局势 台海问题 兵力部署 中国人权 国际特赦 大赦国际 记者无疆界 世界日报 上中央 去中央
   情趣用品 花花公子 封面女郎 美女写真 一丝不挂 惹火身材 前凸后翘 性感妖娆 性感诱惑 发生关系 精神药品 金鳞岂是池中物 金麟岂是池中物 阴间来电 你老板 你全家 妈妈的 他奶奶 爱女人
   红烧兔子大餐 普萘洛尔 苯巴比妥 莫达非尼 胰岛素样生长因子 雄烯二醇 神仙水 小额贷款 质押贷款 无抵押贷款 广告代理 帮忙点一下 帮忙点下 电脑传讯
   13点 十三点 小肉粒 干七八 品香堂 中年美妇 美艳少妇 按摩棒 爽死我了 促性腺激素 促红细胞生成素 裸体写真
   逢8必灾 逢八必灾 逢9必乱 逢九必乱 诺查丹玛斯 中国教徒 超越红墙 原音铃声 免费使用 免费索取 视频来源 下载速度 高清在线 全集在线 在线播放 txt下载 资金周转 资金短缺 股市圈钱 证监会 周小川 刘明康
   尚福林 连锁加盟 加盟连锁 网络工作 专业代理 低价出售 款到发货 回复可见 免费订购热线 销售热线 腾讯客服电话 有意者 蚁力神 婴儿汤 买小车 套牌车 玛雅网 四海帮 曾道人 替考试 推背图 诸世纪 济世灵文`.split(/\s+/),
);

/** Written for this project: terms the public lists lack or spell only in combination rules. */
const SUPPLEMENT: Record<Cat, string[]> = {
  politics: ['天安门事件', '法轮大法', '台湾独立', '西藏独立', '新疆独立', '颠覆国家政权', '分裂国家'],
  porn: ['色情服务', '上门服务小姐', '裸聊视频', '成人视频', '一夜情'],
  violence: ['枪支弹药', '自制枪支', '管制刀具', '恐怖袭击', '制作炸弹', '买卖枪支'],
  gambling: ['百家乐', '六合彩', '时时彩', '老虎机', '网上赌场', '在线赌场', '真人荷官', '开户送彩金', '赌球', '网赌', '私彩', '外围投注', '博彩平台', '首充送彩金', '真钱棋牌', '菠菜网站'],
  drugs: ['冰毒', '海洛因', '摇头丸', '可卡因', 'k粉', '氯胺酮', '大麻', '毒品', '迷药', '迷幻药', '听话水', '失身粉', '催情药', '蒙汗药', '三唑仑', '芬太尼', '笑气'],
  spam: ['代开发票', '发票代开', '办证', '刻章', '假证', '刷单', '兼职刷单', '刷信誉', '套现', '信用卡套现', '网贷黑户', '加微信领', '加我微信', '私家侦探', '针孔摄像', '窃听器', '代孕', '售肾', '假币', '洗钱', '裸贷'],
};

/** LDNOOBW English entries that are ordinary in product copy (apparel, beauty, anatomy, idiom). */
const EN_STOP = new Set(
  ('anal|anus|ass|butt|domination|erotic|escort|genitals|grope|humping|intercourse|lovemaking|nipple|nipples|nude|nudity|panties|panty|playboy|' +
    'rectum|sex|sexual|sexually|sexuality|sexy|suck|sucks|swinger|tied up|tight white|topless|undressing|voyeur|xx|hard core|hardcore|kinky|' +
    'strip club|spread legs|snatch|bondage|camel toe|cock|cocks|dick|tit|tits|mong|scat|poof|girl on|hot chick|huge fat|taste my|tongue in a|' +
    'jelly donut|dirty pillows|eunuch|fecal|semen|vagina|vulva|penis|clitoris|rape|raping|rapist|how to kill|how to murder|viagra|cialis|' +
    'god damn|bullshit|shit|shitty|piece of shit|bitch|bitches|bastard|bastardo|sadism|ejaculation|orgasm|masturbation|masturbate|' +
    'masturbating|pornography|twinkie|urethra play|pleasure chest|prince albert piercing|leather restraint|leather straight jacket|' +
    'santorum|pubes|boob|boobs|booty call|big black|domination|nympho|lolita|tainted love|make me come|busty|tushy|fingering|scissoring|' +
    'big breasts|strap on|skeet|snowballing|shrimping|rimming|pegging|coon|coons|spic|tranny|horny|white power|neonazi'
  ).split('|'),
);

const cjk = /[\u4e00-\u9fff]/;

function lines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && !/[+\s]/.test(s) && !/\.(com|net|org|cn|tk|cc|info)\b/i.test(s));
}

function curateZh(): Record<Cat, string[]> {
  const vocab = join(LEX, 'konsheng/Vocabulary');
  const out: Record<Cat, Map<string, string>> = { politics: new Map(), porn: new Map(), violence: new Map(), gambling: new Map(), drugs: new Map(), spam: new Map() };
  const add = (term: string, fallback: Cat | undefined, reviewed: boolean): void => {
    const key = normaliseTerm(term).key;
    if (!cjk.test(key)) return;
    if (!reviewed && ((key.length === 2 && !KEEP2.has(key)) || key.length < 2 || STOP.has(key))) return;
    const cat = ROUTES.find(([, re]) => re.test(key))?.[0] ?? fallback;
    if (cat && !out[cat].has(key)) out[cat].set(key, term);
  };
  for (const [file, cat] of Object.entries(FILES)) for (const t of lines(join(vocab, file))) add(t, cat, false);
  for (const file of KEYWORD_ONLY) for (const t of lines(join(vocab, file))) add(t, undefined, false);
  for (const t of JSON.parse(readFileSync(join(LEX, 'ldnoobw/zh.json'), 'utf8')) as string[]) add(t, 'porn', false);
  for (const [cat, terms] of Object.entries(SUPPLEMENT) as [Cat, string[]][]) for (const t of terms) add(t, cat, true);
  // One key, one category: the more specific categories win over the catch-all spam list.
  const seen = new Set<string>();
  for (const cat of PRIORITY) {
    for (const key of [...out[cat].keys()]) {
      if (seen.has(key)) out[cat].delete(key);
      seen.add(key);
    }
  }
  return Object.fromEntries(PRIORITY.map((cat) => [cat, minimal([...out[cat].keys()])])) as Record<Cat, string[]>;
}

/** Drops entries that contain another entry: the shorter one already fires there. */
function minimal(keys: string[]): string[] {
  const sorted = [...new Set(keys)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const kept: string[] = [];
  for (const k of sorted) if (!kept.some((s) => k.includes(s))) kept.push(k);
  return kept.sort();
}

function curateEnPorn(): string[] {
  const raw = JSON.parse(readFileSync(join(LEX, 'ldnoobw/en.json'), 'utf8')) as string[];
  return [...new Set(raw.filter((t) => !EN_STOP.has(t) && /[a-z]/i.test(t) && t.replace(/[^a-z]/gi, '').length >= 4))].sort();
}

function rewrite(locale: string, terms: Partial<Record<Cat, string[]>>): void {
  const file = join(PACKS, locale, 'general.json');
  const pack = JSON.parse(readFileSync(file, 'utf8')) as { lexicon: { id: string; terms: string[] }[] };
  for (const rule of pack.lexicon) {
    const cat = rule.id.startsWith('sensitive.') ? (rule.id.slice('sensitive.'.length) as Cat) : undefined;
    if (cat && terms[cat]) rule.terms = terms[cat];
  }
  writeFileSync(file, `${JSON.stringify(pack, null, 2)}\n`);
}

if (!existsSync(LEX)) {
  console.error(`no lexicons at ${LEX}`);
  process.exit(1);
}
const zh = curateZh();
rewrite('zh-CN', zh);
const enPorn = curateEnPorn();
rewrite('en', { porn: enPorn });
for (const [cat, terms] of Object.entries(zh)) console.log(`zh-CN sensitive.${cat}: ${terms.length}`);
console.log(`en sensitive.porn: ${enPorn.length}`);
