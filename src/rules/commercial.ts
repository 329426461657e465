/**
 * Known commercial and advertising destinations (聊城 art. 18: 不得链接商业网站，不得刊登
 * 商业广告或链接商业广告页面). A link to one of these domains (or a subdomain) is an error.
 * Data, not code: add a domain here with the reason it is listed.
 */
export const COMMERCIAL_DOMAINS: readonly (readonly [domain: string, label: string])[] = [
  ['taobao.com', '电商平台'],
  ['tmall.com', '电商平台'],
  ['jd.com', '电商平台'],
  ['pinduoduo.com', '电商平台'],
  ['yangkeduo.com', '电商平台'],
  ['1688.com', '电商平台'],
  ['amazon.com', '电商平台'],
  ['amazon.cn', '电商平台'],
  ['vip.com', '电商平台'],
  ['suning.com', '电商平台'],
  ['dianping.com', '商业点评平台'],
  ['meituan.com', '商业服务平台'],
  ['doubleclick.net', '广告联盟'],
  ['googlesyndication.com', '广告联盟'],
  ['googleadservices.com', '广告联盟'],
  ['pos.baidu.com', '广告联盟'],
  ['cpro.baidu.com', '广告联盟'],
  ['e.qq.com', '广告联盟'],
  ['gdt.qq.com', '广告联盟'],
  ['tanx.com', '广告联盟'],
  ['miaozhen.com', '广告监测'],
  ['admaster.com.cn', '广告监测'],
];

/** The matching entry for a host name, if any. */
export function commercialMatch(host: string): string | undefined {
  const h = host.toLowerCase();
  for (const [domain, label] of COMMERCIAL_DOMAINS) if (h === domain || h.endsWith(`.${domain}`)) return `${domain}，${label}`;
  return undefined;
}

/** Whether `host` is `domain` or below it (the `externalLinks` suffix match). */
export function inDomain(host: string, domain: string): boolean {
  const h = host.toLowerCase();
  const d = domain.toLowerCase().replace(/^\*?\./, '');
  return h === d || h.endsWith(`.${d}`);
}
