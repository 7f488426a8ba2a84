import { describeRecallRound, type RoundClaim } from './helpers';

/**
 * Recall round 8 of issue 10, Chinese (zh-CN), rules written from part ZA's misses (part ZB is held out): constructions rather than
 * phrases. Admissions records with a count and famous-school teachers (考入名校N人, N名学员考上重点高中, 黄冈名师授课), numerology
 * (a number or a name said to decide one's fortune; 测算吉凶), a lucky prize grade, a claim code to sign for a prize and a threat for
 * not claiming it, returns paired with low risk, principal returned in full and a fixed income each period, an instant transformation
 * (秒变婴儿肌), gut-motility and harmful-bacteria functions claimed by food, comparisons with medicine (中药对比, 堪比处方药), a claimed
 * FDA certification, a disease's people told the product is their 福音, a scope's top three to nine (行业五强); then, from the official texts
 * rather than from any miss: top scorers a trainer says it produced (培养出N名状元, the 校外培训 rules' ban on rankings) and three
 * functions of the health-food catalogue the pack did not name (酒精性肝损伤, 排铅, 黄褐斑). Lawful look-alikes
 * pass: a cup's or a team's last eight, an FDA facility registration stated as such, a real draw's rules, a bank's risk notice, a
 * book on the history of feng shui, a school's own history, a parent's review. Every sentence is written for this test, and no span
 * a family rule flags is a term of an evaluation list.
 */
const claims: RoundClaim[] = [
  ['去年暑期班共有120名学员考上重点高中。', 'education.admission-record', '120名学员考上重点高中', /第二十四条/],
  ['本校历年考入985院校300余人，欢迎咨询。', 'education.admission-record', '考入985院校300余人', /第二十四条/],
  ['本机构学员升入双一流高校已超过两千人。', 'education.admission-record', '升入双一流高校已超过两千人', /第二十四条/],
  ['冲刺班由黄冈中学特级教师亲授。', 'education.admission-record', '黄冈中学特级教师亲授', /第二十四条/],
  ['输入姓名，看看名字对你的财运有什么影响。', 'superstition.numerology', '名字对你的财运', /第九条第八项/],
  ['专业测算手机号码吉凶，一号一测。', 'superstition.numerology', '测算手机号码吉凶', /第九条第八项/],
  ['恭喜您获得本店幸运特等奖一名！', 'inducement.prize-claim', '幸运特等奖', /第十条/],
  ['请凭验证码在三日内领取您的奖金。', 'inducement.prize-claim', '凭验证码在三日内领取您的奖金', /第十条/],
  ['逾期未兑奖将承担违约责任并被起诉。', 'inducement.prize-claim', '未兑奖将承担违约', /第十条/],
  ['这款基金回报可观，风险可控，适合养老。', 'investment.windfall', '回报可观，风险可控', /第二十五条/],
  ['认购后按季度领取稳定分红，安享晚年。', 'investment.windfall', '按季度领取稳定分红', /第二十五条/],
  ['合作期满后足额返还本金，无后顾之忧。', 'investment.windfall', '足额返还本金', /第二十五条/],
  ['这款素颜霜一抹拥有婴儿肌。', 'guarantee.quick-result', '一抹拥有婴儿肌', /第十七条/],
  ['这款瘦脸仪瞬间变小v脸。', 'guarantee.quick-result', '瞬间变小v脸', /第十七条/],
  ['这款益生元粉能加快胃肠蠕动。', 'medical.health-function', '加快胃肠蠕动', /第七十三条/],
  ['每天一杯，顺畅通便一身轻。', 'medical.health-function', '顺畅通便', /第七十三条/],
  ['这款酸奶能减少肠内坏菌繁殖。', 'medical.health-function', '减少肠内坏菌繁殖', /第七十三条/],
  ['这款灵芝茶经中药对比实验验证。', 'medical.claim', '中药对比', /第十七条/],
  ['这款草本贴的效果堪比处方药。', 'medical.claim', '堪比处方药', /第十七条/],
  ['这款鱼油已获FDA批准，进口品质。', 'misleading.endorsement-fda', '已获FDA批准', /第二十八条/],
  ['这款护眼灯是弱视孩子的福音。', 'medical.disease-treatment', '孩子的福音', /第十七条/],
  ['这款床垫跻身行业五强。', 'absolute.ranking-top-n', '行业五强', /第九条第三项/],
  ['本机构近五年培养出7名全市中考状元。', 'education.admission-record', '培养出7名全市中考状元', /第二十四条/],
  ['这款枳椇子饮品有助于减轻酒精性肝损伤。', 'medical.health-function', '有助于减轻酒精性肝损伤', /第七十三条/],
  ['这款胶原蛋白粉能改善妊娠斑。', 'medical.health-function', '改善妊娠斑', /第七十三条/],
];

describeRecallRound('recall round 8 (zh): constructions of the families', 'zh-CN', claims, [
  '这次世界杯八强都是老牌球队。',
  '中国队时隔多年再次闯入四强。',
  '本品出口美国，已完成FDA食品设施注册。',
  '本次抽奖活动由公证处公证，中奖名单在官网公示。',
  '理财有风险，投资需谨慎，过往收益不代表未来表现。',
  '本书梳理了风水学说在明清两代的流变。',
  '本校创办于1995年，现有学生1200名。',
  '我女儿今年考上了重点高中，全家都很高兴。',
  '这款面霜用了一个月，皮肤变白了一点。',
  '马上就要过年了，给家里添了一台洗碗机。',
  '验证码已发送，请在五分钟内输入。',
  '这本书讲述了一个人如何改变命运的故事。',
  '他是我们县那年的高考状元，后来当了医生。',
]);
