import { describeRecallRound, type RoundClaim } from './helpers';

/**
 * Recall round 10 of issue 10 (zh-CN). The round's own rows (JA ... JM) are held out whole; these rules were written from the misses
 * of the spent held-out parts 9B (round 9), ZB (round 8), round 3 and the fresh round, read for the first time for this round, and as
 * family patterns: what the claim says, not which phrase a list names. Earning without effort (an activity + 就能赚钱, 边…边赚钱, a daily
 * or monthly income figure), rebate and referral schemes (买多少返多少, 拉人拿佣金, 月月领分红, 返还本金), yield figures and value that
 * only rises (每日收益N元, 收益N倍, 价值节节攀升, 年年翻番), state or big-institution backing paired with a return or safety promise,
 * officials' visits and organs' congratulations, medical and research institutions or insurers vouching, leading or monopolising a
 * trade, charms said to bring luck or balance energy, shares and likes traded for draws or cash, training effects in multiples, and
 * three cosmetic label terms (给药, 自愈力, 主治 + a skin condition). Every sentence is written for this test, and no span a family
 * rule flags is a term of an evaluation list.
 */
const claims: RoundClaim[] = [
  ['下载这款阅读软件，看小说就能赚钱。', 'investment.effortless-earning', '看小说就能赚钱', /第二十五条/],
  ['加入我们，一边追剧一边赚钱。', 'investment.effortless-earning', '一边追剧一边赚钱', /第二十五条/],
  ['跟着团队做，日入三百不是梦。', 'investment.effortless-earning', '日入三百', /第二十五条/],
  ['成为会员后买多少返多少，相当于白拿。', 'investment.rebate-scheme', '买多少返多少', /第二十五条/],
  ['邀请亲友入会还能拿佣金。', 'investment.rebate-scheme', '邀请亲友入会还能拿佣金', /第二十五条/],
  ['投资期满后返还全部本金。', 'investment.rebate-scheme', '返还全部本金', /第二十五条/],
  ['认养一棵茶树，每日收益20元。', 'investment.yield-claim', '每日收益20元', /第二十五条/],
  ['这套邮票的收藏价值节节攀升。', 'investment.yield-claim', '收藏价值节节攀升', /第二十五条/],
  ['入手这批藏品，资产年年翻番。', 'investment.yield-claim', '资产年年翻番', /第二十五条/],
  ['本加盟项目有国资背景，稳赚不亏。', 'misleading.endorsement-backing', '国资背景，稳赚', /第九条第二项/],
  ['县委领导考察时品尝了我们的腊肉，赞不绝口。', 'misleading.endorsement-visit', '县委领导考察时品尝', /第九条第二项/],
  ['区政府致贺本店隆重开业。', 'misleading.endorsement-visit', '区政府致贺', /第九条第二项/],
  ['这款奶粉被三甲医院指定为术后营养品。', 'misleading.endorsement-institution', '被三甲医院指定', /第十六条/],
  ['中科院某研究所是本品的技术支持单位。', 'misleading.endorsement-institution', '中科院某研究所是本品的技术支持', /第十六条/],
  ['本品牌连续八年领跑国内净水器市场。', 'leadership.pioneer', '领跑国内净水器市场', /第九条第三项/],
  ['这款牙膏是口腔护理界的先驱。', 'leadership.pioneer', '口腔护理界的先驱', /第九条第三项/],
  ['貔貅摆件放店里万事亨通。', 'superstition.charm-effect', '貔貅摆件放店里万事亨通', /第九条第八项/],
  ['这款盐灯能调和正负能量。', 'superstition.charm-effect', '盐灯能调和正负能量', /第九条第八项/],
  ['转发本条可多一次抽奖机会。', 'inducement.share-odds', '转发本条可多一次抽奖机会', /微信外部链接/],
  ['集满88个赞可免费领取奶茶一杯。', 'inducement.share-odds', '集满88个赞可免费', /微信外部链接/],
  ['暑期集训营让专注力三倍提升。', 'education.course-multiplier', '集训营让专注力三倍提升', /第二十四条/],
  ['不需要拉人头就能提现，新手秒上手。', 'investment.effortless-earning', '不需要拉人头就能提现', /第二十五条/],
  ['打针吊水半个月，不如喝这款草本茶一周。', 'medical.drug-comparison', '打针吊水半个月，不如喝这款', /第十七条/],
  ['喝了三个月，复查时肺结节也没有了。', 'medical.disease-outcome', '结节也没有了', /第十七条/],
  ['滨江首席艺术建筑，即将封顶。', 'absolute.chief', '首席艺术建筑', /第九条第三项/],
  ['这款精华采用透皮给药技术。', 'medical.label-term', '给药技术', /第十七条/],
  ['这款面霜能唤醒肌肤自愈力。', 'medical.label-term', '唤醒肌肤自愈力', /第十七条/],
];

describeRecallRound('recall round 10 (zh): family patterns from the spent held-out parts', 'zh-CN', claims, [
  '每天走路一万步，身体越来越好。',
  '本店消费满100元返10元优惠券，活动截止本月底。',
  '邀请好友注册，双方各得10元优惠券。',
  '这套邮票的价值以鉴定证书为准。',
  '以旧换新享国家补贴，这款燃气灶安全可靠。',
  '领导来视察工作，大家都很紧张。',
  '这串佛珠手串戴上很好看，做工精致。',
  '分享给朋友后，她也买了一个。',
  '他是行业先锋人物吗？',
  '这门课让我受益匪浅。',
  '在家就能做的健身操，跟着视频练。',
  '最近菜价涨得很快。',
  // 绝对 before a demand for improvement or a damning verdict is a complaint (context round 10, read on a new dev window).
  '卫生状况绝对有待提高。',
  '这家酒店绝对是徒有其表。',
  '感冒了多休息，吃药要遵医嘱。',
  '这座建筑的首席设计师是一位女性。',
]);
