/**
 * The everyday names citizens type for government things (docs/search.md): Chinese segmentation
 * has no government vocabulary, so 社保 does not find 社会保险 and 发改委 not 发展和改革委员会.
 * The search page expands a query with an everyday name into the official terms it stands for
 * (src/search/client/search.js): the results are the pages with the official words, and their
 * excerpts highlight those words.
 *
 * The default list below works for every group; `search-aliases.yaml` at the content root adds
 * entries or removes default ones (model/load.ts), and every site's 全称 and 简称 are aliases of
 * each other. Each official term is written as government pages write it (国务院、省市政府和部门
 * 网站的政策文件和办事指南); an everyday name is listed under every official term it stands for.
 */

/** [official term as pages write it, everyday names people type]. */
export const DEFAULT_ALIASES: readonly (readonly [string, readonly string[]])[] = [
  // ── 社会保障 ───────────────────────────────────────────────────────────────────────────────
  ['社会保险', ['社保']],
  ['社会保障卡', ['社保卡']],
  ['养老保险', ['养老金', '社保']],
  ['基本养老保险', ['养老金']],
  ['城乡居民基本养老保险', ['城乡居民养老保险', '居民养老保险', '新农保']],
  ['企业职工基本养老保险', ['职工养老保险']],
  ['医疗保险', ['医保']],
  ['医疗保障', ['医保']],
  ['基本医疗保险', ['医保']],
  ['城乡居民基本医疗保险', ['居民医保', '新农合']],
  ['职工基本医疗保险', ['职工医保']],
  ['医疗保障局', ['医保局']],
  ['医保电子凭证', ['电子医保卡']],
  ['失业保险', ['失业金', '社保']],
  ['失业保险金', ['失业金']],
  ['工伤保险', ['社保']],
  ['生育保险', ['生育险', '社保']],
  ['最低生活保障', ['低保']],
  ['特困人员救助供养', ['五保', '特困供养']],
  ['临时救助', ['临时救济']],
  ['城乡居民最低生活保障', ['低保']],
  ['高龄津贴', ['高龄补贴', '老年补贴']],
  ['残疾人两项补贴', ['残疾补贴']],
  ['困难残疾人生活补贴', ['残疾补贴']],
  ['住房公积金管理中心', ['公积金中心']],
  ['公共租赁住房', ['公租房']],
  ['保障性租赁住房', ['保租房']],
  ['经济适用住房', ['经适房']],
  ['共有产权住房', ['共有产权房']],
  ['棚户区改造', ['棚改']],
  ['老旧小区改造', ['旧改']],
  ['个人所得税', ['个税']],
  ['增值税专用发票', ['专票']],
  ['增值税普通发票', ['普票']],
  ['临时居民身份证', ['临时身份证']],
  ['居住证', ['暂住证']],
  ['出入境', ['护照', '港澳通行证']],
  ['往来港澳通行证', ['港澳通行证签注']],
  ['机动车驾驶证', ['驾照']],
  ['不动产权证书', ['房产证', '房本']],
  ['不动产登记', ['房产登记', '过户']],
  ['个体工商户', ['个体户']],
  ['食品经营许可证', ['食品许可证']],
  ['出生医学证明', ['出生证']],
  ['预防接种证', ['疫苗本', '接种本']],
  ['结婚登记', ['领结婚证', '结婚证']],
  ['离婚登记', ['离婚证']],
  ['义务教育', ['上学', '入学']],
  ['义务教育阶段招生', ['小升初', '入学']],
  ['学前教育', ['幼儿园']],
  ['高中阶段学校招生', ['中考']],
  ['普通高等学校招生', ['高考']],
  ['学生资助', ['助学金', '奖学金']],
  ['教师资格', ['教资']],
  ['职业技能等级认定', ['技能证书', '职业资格证']],
  ['灵活就业人员', ['自由职业']],
  ['就业创业', ['找工作']],
  ['创业担保贷款', ['创业贷款', '创业贷']],
  ['农民工工资', ['欠薪', '讨薪']],
  ['拖欠农民工工资', ['欠薪', '讨薪']],
  ['劳动人事争议仲裁', ['劳动仲裁']],
  ['劳动保障监察', ['劳动监察']],
  ['退役军人', ['退伍军人', '老兵']],
  ['优待证', ['退役军人优待证']],
  ['12345政务服务便民热线', ['市长热线', '政务热线']],
  ['政务服务中心', ['行政服务中心', '市民中心', '办事大厅']],
  ['一网通办', ['网上办事', '网上办']],
  ['政府信息公开', ['政务公开']],
  ['国民经济和社会发展', ['十四五', '五年规划']],
  ['部门预算', ['预算公开']],
  ['部门决算', ['决算公开']],
  ['政府采购', ['采购公告', '招标']],
  ['招标投标', ['招投标']],
  ['公共资源交易', ['招投标', '交易中心']],
  ['行政许可', ['审批']],
  ['行政处罚', ['罚款']],
  ['简政放权、放管结合、优化服务', ['放管服']],
  ['新型农村合作医疗', ['新农合']],
  ['家庭医生签约服务', ['签约医生']],
  ['基本公共卫生服务', ['公卫']],
  ['疾病预防控制中心', ['疾控中心', '疾控']],
  ['新型冠状病毒', ['新冠']],
  ['突发公共卫生事件', ['公卫事件']],
  ['森林防灭火', ['森林防火']],
  ['生态环境', ['环保', '环境保护']],
  ['环境影响评价', ['环评']],
  ['排污许可', ['排污证']],
  ['垃圾分类', ['分类垃圾']],
  ['城市管理综合执法', ['城管', '城管执法']],
  ['市容环境卫生', ['环卫']],
  ['乡村振兴', ['扶贫', '三农']],
  ['巩固拓展脱贫攻坚成果', ['扶贫']],
  ['宅基地', ['农村宅基地']],
  ['耕地保护', ['占用耕地']],
  ['高标准农田', ['农田建设']],
  ['新能源汽车', ['新能源车', '电动车']],
  ['电动自行车', ['电动车', '电瓶车']],
  ['非机动车', ['电动车', '自行车']],
  ['交通违法', ['违章']],
  ['网约车', ['网络预约出租汽车', '网约出租车']],
  ['网络预约出租汽车', ['网约车']],
  ['公共交通', ['公交']],
  ['城市轨道交通', ['地铁', '轻轨']],
  ['文物保护单位', ['文保单位']],
  ['非物质文化遗产', ['非遗']],
  ['养老服务', ['养老院']],
  ['老年助餐', ['老年食堂']],
  ['婴幼儿照护服务', ['托育', '托儿所']],
  ['未成年人保护', ['未保']],
  ['妇女儿童', ['妇儿']],
  ['计划生育', ['计生']],
  ['人口和计划生育', ['计生']],
  ['消费者权益保护', ['消费维权', '投诉']],
  ['价格监测', ['物价']],
  ['市场价格', ['物价']],
  ['知识产权', ['专利', '商标']],
  ['社会信用体系', ['征信']],
  ['信用修复', ['失信修复']],
  ['失信被执行人', ['老赖']],
  ['高新技术企业', ['高企']],
  ['科技型中小企业', ['科小']],
  ['专精特新', ['小巨人']],
  ['规模以上工业', ['规上工业']],
  // ── 机构的常用简称 ────────────────────────────────────────────────────────────────────────
  ['发展和改革委员会', ['发改委', '发展改革委']],
  ['发展改革委', ['发改委']],
  ['人力资源和社会保障局', ['人社局']],
  ['人力资源和社会保障厅', ['人社厅']],
  ['人力资源社会保障局', ['人社局']],
  ['卫生健康委员会', ['卫健委']],
  ['卫生健康委', ['卫健委']],
  ['市场监督管理局', ['市场监管局', '工商局']],
  ['市场监管局', ['工商局']],
  ['住房和城乡建设局', ['住建局']],
  ['住房和城乡建设厅', ['住建厅']],
  ['自然资源和规划局', ['自然资源局']],
  ['自然资源局', ['国土局']],
  ['生态环境局', ['环保局']],
  ['交通运输局', ['交通局']],
  ['农业农村局', ['农业局']],
  ['文化和旅游局', ['文旅局']],
  ['文化广电和旅游局', ['文旅局', '文广旅局']],
  ['教育局', ['教委']],
  ['科学技术局', ['科技局']],
  ['工业和信息化局', ['工信局']],
  ['应急管理局', ['应急局', '安监局']],
  ['退役军人事务局', ['退役军人局']],
  ['医疗保障局', ['医保局']],
  ['行政审批服务局', ['审批局']],
  ['政务服务和大数据管理局', ['政数局', '大数据局']],
  ['城市管理局', ['城管局']],
  ['水利局', ['水务局']],
  ['国务院办公厅', ['国办']],
  ['中共中央办公厅', ['中办']],
  ['人民代表大会常务委员会', ['人大常委会']],
  ['政治协商会议', ['政协']],
];

/**
 * The alias list in use: the defaults with the group's changes applied (`added`: everyday name →
 * official terms; `removed`: everyday names not to use), and each site's 全称 ↔ 简称. Official
 * terms sorted longest first, so a text is matched against every term independently.
 */
export function aliasList(changes: { added: readonly [string, string][]; removed: readonly string[] }, sites: readonly { name: string; shortName?: string }[]): [string, string[]][] {
  const removed = new Set(changes.removed);
  const byTerm = new Map<string, Set<string>>();
  const add = (term: string, name: string) => {
    if (!term || !name || term === name || removed.has(name)) return;
    let set = byTerm.get(term);
    if (!set) byTerm.set(term, (set = new Set()));
    set.add(name);
  };
  for (const [term, names] of DEFAULT_ALIASES) for (const n of names) add(term, n);
  for (const [name, term] of changes.added) add(term, name);
  for (const s of sites) {
    if (!s.shortName) continue;
    add(s.name, s.shortName);
    add(s.shortName, s.name);
  }
  return [...byTerm].map(([t, names]) => [t, [...names].sort()] as [string, string[]]).sort(([a], [b]) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
}

/** The everyday names of the official terms a text contains (that it does not contain itself): what a search for them should find it by. */
export function aliasesOf(text: string, list: readonly (readonly [string, readonly string[]])[]): string[] {
  const out = new Set<string>();
  for (const [term, names] of list) {
    if (!text.includes(term)) continue;
    for (const n of names) if (!text.includes(n)) out.add(n);
  }
  return [...out].sort();
}
