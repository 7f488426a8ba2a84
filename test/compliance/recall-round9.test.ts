import { describeRecallRound, type RoundClaim } from './helpers';

/**
 * Recall round 9 of issue 10 (zh-CN), rules written from part 9A's misses only (part 9B is held out): constructions rather than
 * phrases. Feng-shui vocabulary sold with a home (藏风纳气, 负阴抱阳, 纳气聚财), 臻 + a noun of luxury (臻藏, 臻境), a view, plot or school
 * district said to be irreplaceable (江景资源不可再生), weight lost per month or week (周瘦5斤), and three prize-scam moves: the
 * addressee drawn for a prize grade (您…被…抽选为…二等奖), a threat for not going to claim (不去领奖…起诉) and a fee with its amount
 * before claiming (领奖需支付800元手续费). Lawful look-alikes pass: non-renewable fuels, a real draw's report, a promise that claiming
 * costs nothing, a buyer's own weight loss, a neighbourhood review, a history of feng shui, 日臻完善. Every sentence is written for this
 * test, and no span a family rule flags is a term of an evaluation list.
 */
const claims: RoundClaim[] = [
  ['别墅依山而建，藏风蓄气，福泽绵长。', 'superstition.claim', '藏风蓄气', /第九条第八项/],
  ['本户型负阴抱阳，家运昌隆。', 'superstition.claim', '负阴抱阳', /第九条第八项/],
  ['大门朝东南，纳气聚财。', 'superstition.claim', '纳气聚财', /第九条第八项/],
  ['这款红木茶台是匠人臻藏之作。', 'absolute.superlative', '臻藏', /第九条第三项/],
  ['云端臻境，俯瞰全城。', 'absolute.superlative', '臻境', /第九条第三项/],
  ['一线江景资源不可再生，错过再等十年。', 'absolute.scarce-asset', '江景资源不可再生', /第九条第三项/],
  ['名校学区稀缺，不可多得。', 'absolute.scarce-asset', '学区稀缺，不可多得', /第九条第三项/],
  ['这款代餐粉周瘦5斤，无需节食。', 'guarantee.quick-result', '周瘦5斤', /第十七条/],
  ['坚持喝这款茶，每月瘦八斤不反弹。', 'guarantee.quick-result', '每月瘦八斤', /第十七条/],
  ['您的会员号已被系统抽选为本期一等奖，请尽快登录。', 'inducement.prize-claim', '您的会员号已被系统抽选为本期一等奖', /第十条/],
  ['您若不来领奖，公司将追究您的违约责任。', 'inducement.prize-claim', '不来领奖，公司将追究您的违约', /第十条/],
  ['领奖须先汇款800元手续费到指定账户。', 'inducement.prize-claim', '领奖须先汇款800元手续费', /第十条/],
];

describeRecallRound('recall round 9 (zh): constructions of the families', 'zh-CN', claims, [
  '石油、煤炭等资源不可再生，要节约使用。',
  '化石能源是不可再生能源。',
  '本次抽奖共有10人被抽中一等奖，名单见官网。',
  '领奖前无需支付任何手续费，请勿轻信陌生来电。',
  '这个月瘦了5斤，很开心。',
  '这块地段不可多得，我们住了三年很满意。',
  '这套房子坐北朝南，采光很好。',
  '公司的管理制度日臻完善。',
  '您被选为本店本月的会员代表，感谢支持。',
]);
