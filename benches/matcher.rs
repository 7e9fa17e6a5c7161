//! Matcher benchmarks: compile time for 1k/10k/100k keywords, and scan
//! throughput on short posts, redline against raw Aho-Corasick.
//!
//! Every input is generated here, deterministically (xorshift over an
//! embedded vocabulary), so runs compare across machines and commits.
//! Each scan benchmark first checks its own result: both matchers must find
//! at least the keywords planted in the posts, and not absurdly more.
//!
//! Besides the criterion output it prints, once, the 100k-keyword
//! matcher's `memory_usage()`, the heap it holds (counted by the global
//! allocator), the resident memory its build added and the process's peak
//! resident memory (`VmHWM`), for docs/PERFORMANCE.md.
//!
//! Run: `cargo bench --bench matcher -- --warm-up-time 1 --measurement-time 3`,
//! or `cargo bench --bench matcher -- --interleaved [English|Chinese|Mixed]`
//! for the scan ratios alone (of one language if named), each round
//! timing both matchers back to back.
//! Under `cargo test` (criterion's test mode, an unoptimized build) each
//! benchmark runs once and the 100k set shrinks to 20k to keep it quick.

use std::collections::HashSet;
use std::hint::black_box;
use std::time::Instant;

use aho_corasick::{AhoCorasick, MatchKind};
use cap::Cap;
use criterion::{BenchmarkId, Criterion, Throughput};
use redline_matcher::{Match, Matcher, Pattern, PatternId};

/// Counts the bytes allocated, so the memory report can say what the
/// matcher holds (resident memory also keeps what its build freed).
#[global_allocator]
static ALLOCATOR: Cap<std::alloc::System> = Cap::new(std::alloc::System, usize::MAX);

/// Common English words posts are made of.
const ENGLISH: &[&str] = &[
    "the",
    "and",
    "for",
    "you",
    "this",
    "that",
    "with",
    "have",
    "from",
    "just",
    "what",
    "about",
    "when",
    "your",
    "they",
    "will",
    "there",
    "people",
    "would",
    "some",
    "like",
    "time",
    "know",
    "make",
    "good",
    "today",
    "great",
    "love",
    "new",
    "check",
    "out",
    "free",
    "best",
    "deal",
    "click",
    "link",
    "here",
    "now",
    "only",
    "price",
    "order",
    "sale",
    "shop",
    "buy",
    "get",
    "online",
    "delivery",
    "fast",
    "cheap",
    "offer",
    "limited",
    "week",
    "friend",
    "family",
    "photo",
    "video",
    "weekend",
    "party",
    "city",
    "music",
    "game",
    "team",
    "win",
    "money",
    "cash",
    "bonus",
    "code",
    "sign",
    "up",
    "follow",
    "share",
    "comment",
    "post",
    "story",
    "morning",
    "night",
    "coffee",
    "dinner",
    "travel",
    "beach",
    "summer",
    "winter",
    "school",
    "work",
    "office",
    "meeting",
    "phone",
    "message",
    "call",
    "contact",
    "email",
    "website",
    "account",
    "password",
    "update",
    "news",
    "local",
    "market",
    "street",
    "store",
    "product",
    "quality",
    "service",
    "review",
    "star",
    "happy",
    "birthday",
    "thanks",
    "everyone",
    "really",
    "amazing",
    "beautiful",
    "crazy",
    "funny",
    "weird",
    "trust",
    "real",
    "legit",
    "guaranteed",
    "discount",
    "payment",
    "crypto",
    "wallet",
    "invest",
    "profit",
    "daily",
    "easy",
    "home",
    "health",
    "doctor",
    "pill",
    "diet",
    "weight",
    "loss",
    "natural",
    "secret",
    "method",
    "result",
    "before",
    "after",
    "never",
    "again",
    "always",
    "nobody",
    "somebody",
    "every",
    "little",
    "bit",
    "more",
    "less",
    "than",
    "then",
    "because",
    "maybe",
    "sure",
    "right",
];

/// Common Chinese words posts are made of.
const CHINESE: &[&str] = &[
    "今天", "我们", "你们", "他们", "什么", "这个", "那个", "时候", "朋友", "大家", "喜欢", "工作",
    "学习", "生活", "手机", "电话", "微信", "联系", "价格", "便宜", "优惠", "活动", "免费", "领取",
    "注册", "链接", "点击", "下载", "视频", "图片", "分享", "评论", "关注", "质量", "服务", "快递",
    "包邮", "正品", "保证", "安全", "放心", "客服", "咨询", "下单", "购买", "出售", "批发", "零售",
    "代理", "加盟", "赚钱", "收入", "投资", "理财", "项目", "机会", "每天", "轻松", "在家", "兼职",
    "招聘", "公司", "老板", "员工", "学生", "老师", "学校", "城市", "北京", "上海", "广州", "深圳",
    "天气", "周末", "旅游", "美食", "餐厅", "咖啡", "音乐", "电影", "游戏", "比赛", "球队", "新闻",
    "消息", "通知", "更新", "账号", "密码", "网站", "平台", "官方", "真的", "假的", "不错", "很好",
    "非常", "一起", "可以", "没有", "已经", "还是", "但是", "因为", "所以", "如果", "虽然", "然后",
    "现在", "以后",
];

/// Characters Chinese keywords are made of.
const HAN: &str = "赌博彩票毒品冰麻药枪支弹炸假证发票代办贷款套现洗钱黑客攻击色情裸聊约\
    援交小姐服务上门按摩迷幻催情香烟私人侦探窃听器定位跟踪器办理信用卡刷单兼职返利微商传销\
    诈骗钓鱼网址翻墙梯子加速器账号出租银行身份证驾照文凭学历考试答案作弊替考代考军火管制刀具";

/// Latin keyword pieces: onset, vowel, coda.
const ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "h", "j", "k", "m", "n", "p", "r", "s", "t", "v", "w", "z", "br",
    "dr", "gr", "kr", "pl", "st", "tr", "sh", "ch", "qu", "sk",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ou", "ea", "y"];
const CODAS: &[&str] = &["", "", "", "n", "r", "s", "t", "x", "ck", "m"];

/// Keyword counts for the compile group, and the scan set's size.
const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const SCAN_KEYWORDS: usize = 10_000;
/// Posts per language; each timed iteration scans all of them.
const POSTS: usize = 200;

/// Marsaglia's xorshift64: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A generated keyword and whether it is Chinese.
#[derive(Clone, Debug)]
struct Keyword {
    text: String,
    han: bool,
}

/// `n` distinct keywords, a quarter of them Chinese, the rest Latin
/// pseudo-words that no English vocabulary word equals.
fn keywords(n: usize, seed: u64) -> Vec<Keyword> {
    let mut rng = Rng(seed);
    let han: Vec<char> = HAN.chars().filter(|c| !c.is_whitespace()).collect();
    let mut seen: HashSet<String> = ENGLISH.iter().map(|w| w.to_string()).collect();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let is_han = rng.chance(25);
        let text = if is_han {
            let len = 2 + rng.below(2);
            (0..len).map(|_| han[rng.below(han.len())]).collect()
        } else {
            let syllables = 2 + rng.below(2);
            let mut w = String::new();
            for _ in 0..syllables {
                w.push_str(rng.pick(ONSETS));
                w.push_str(rng.pick(VOWELS));
            }
            w.push_str(rng.pick(CODAS));
            w
        };
        if seen.insert(text.clone()) {
            out.push(Keyword { text, han: is_han });
        }
    }
    out
}

/// Patterns with every normalization on: keywords fold through every
/// evasion, and Chinese keywords also match their pinyin.
fn patterns(keywords: &[Keyword]) -> Vec<Pattern> {
    keywords
        .iter()
        .enumerate()
        .map(|(i, k)| Pattern::keyword(PatternId(i as u32), &k.text).pinyin(k.han))
        .collect()
}

fn build(keywords: &[Keyword]) -> Matcher {
    Matcher::new(patterns(keywords)).expect("generated keywords compile")
}

#[derive(Clone, Copy, Debug)]
enum Lang {
    English,
    Chinese,
    Mixed,
}

/// Posts of 50 to 500 bytes, with planted keywords; returns the posts and
/// how many keywords were planted.
fn posts(lang: Lang, keywords: &[Keyword], seed: u64) -> (Vec<String>, usize) {
    let mut rng = Rng(seed);
    let mut planted = 0;
    let posts = (0..POSTS)
        .map(|_| {
            let target = 50 + rng.below(451);
            let mut post = String::new();
            while post.len() < target {
                let han = match lang {
                    Lang::English => false,
                    Lang::Chinese => true,
                    Lang::Mixed => rng.chance(50),
                };
                // One word in twenty is a keyword, of the post's script.
                let word = if rng.chance(5) {
                    let k = loop {
                        let k = &keywords[rng.below(keywords.len())];
                        if k.han == han {
                            break k;
                        }
                    };
                    planted += 1;
                    if !han && rng.chance(30) {
                        k.text.to_uppercase()
                    } else {
                        k.text.clone()
                    }
                } else if han {
                    rng.pick(CHINESE).to_string()
                } else {
                    rng.pick(ENGLISH).to_string()
                };
                if !post.is_empty() {
                    post.push_str(match (han, rng.below(12)) {
                        (true, 0) => "，",
                        (true, 1) => "。",
                        (true, _) => "",
                        (false, 0) => ", ",
                        (false, 1) => ". ",
                        (false, _) => " ",
                    });
                }
                post.push_str(&word);
            }
            post
        })
        .collect();
    (posts, planted)
}

/// Resident memory lines of this process (`VmRSS`, `VmHWM`) in KiB.
fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn compile(c: &mut Criterion, sizes: &[usize]) {
    let mut group = c.benchmark_group("compile");
    group.sample_size(10);
    for &n in sizes {
        let kws = keywords(n, 0x5eed_0000 + n as u64);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &kws, |b, kws| {
            b.iter(|| build(black_box(kws)))
        });
    }
    group.finish();
}

/// Prints the memory the largest matcher holds, once: its own estimate,
/// the heap bytes it holds (allocated during the build from its patterns
/// on, not freed after), the resident memory before and after the build
/// (the patterns are already generated) and the process's peak, which the
/// build sets.
fn report_memory(n: usize) {
    let kws = keywords(n, 0x5eed_0000 + n as u64);
    let heap_before = ALLOCATOR.allocated();
    let pats = patterns(&kws);
    let before = status_kib("VmRSS:").unwrap_or(0);
    let m = Matcher::new(pats).expect("generated keywords compile");
    let after = status_kib("VmRSS:").unwrap_or(0);
    let held = ALLOCATOR.allocated().saturating_sub(heap_before);
    let peak = status_kib("VmHWM:").unwrap_or(0);
    let mib = |kib: u64| kib as f64 / 1024.0;
    let bytes_mib = |b: usize| b as f64 / (1 << 20) as f64;
    eprintln!(
        "memory: {n} keywords: memory_usage() = {:.1} MiB; heap held {:.1} MiB; \
         RSS {:.1} MiB before the build, {:.1} MiB after (+{:.1} MiB); peak RSS (VmHWM) {:.1} MiB",
        bytes_mib(m.memory_usage()),
        bytes_mib(held),
        mib(before),
        mib(after),
        mib(after.saturating_sub(before)),
        mib(peak),
    );
    black_box(&m);
}

fn redline_hits(m: &Matcher, posts: &[String]) -> usize {
    let mut scratch = m.create_scratch();
    let mut out: Vec<Match> = Vec::new();
    posts
        .iter()
        .map(|p| {
            m.scan(p, &mut scratch, &mut out);
            out.len()
        })
        .sum()
}

fn aho_hits(ac: &AhoCorasick, lowered: &[Vec<u8>]) -> usize {
    lowered
        .iter()
        .map(|p| ac.find_overlapping_iter(p.as_slice()).count())
        .sum()
}

/// The scan benchmarks' keywords and both matchers of them: redline with
/// every normalization on, and raw aho-corasick.
fn scan_matchers() -> (Vec<Keyword>, Matcher, AhoCorasick) {
    let kws = keywords(SCAN_KEYWORDS, 0x5eed_0000 + SCAN_KEYWORDS as u64);
    let matcher = build(&kws);
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .build(kws.iter().map(|k| k.text.to_ascii_lowercase()))
        .expect("generated keywords compile");
    (kws, matcher, ac)
}

/// One language's posts, their ASCII-lowercased copies for raw
/// aho-corasick, their size in bytes and the keywords planted.
type ScanSet = (Lang, Vec<String>, Vec<Vec<u8>>, usize, usize);

/// Each language's posts, seeded by its place.
fn scan_posts(kws: &[Keyword]) -> Vec<ScanSet> {
    [Lang::English, Lang::Chinese, Lang::Mixed]
        .into_iter()
        .enumerate()
        .map(|(i, lang)| {
            let (posts, planted) = posts(lang, kws, 0xb057_0000 + i as u64);
            let lowered = posts
                .iter()
                .map(|p| p.to_ascii_lowercase().into_bytes())
                .collect();
            let bytes = posts.iter().map(String::len).sum();
            (lang, posts, lowered, bytes, planted)
        })
        .collect()
}

fn scan_post(c: &mut Criterion) {
    let (kws, matcher, ac) = scan_matchers();
    let mut group = c.benchmark_group("scan_post");
    for (lang, posts, lowered, bytes, planted) in scan_posts(&kws) {
        // The bench verifies itself: both find every planted keyword, and
        // neither finds implausibly many more.
        let ours = redline_hits(&matcher, &posts);
        let theirs = aho_hits(&ac, &lowered);
        eprintln!(
            "scan_post/{lang:?}: {POSTS} posts, {bytes} bytes, {planted} planted, \
             redline {ours} hits, aho-corasick {theirs} hits"
        );
        assert!(planted > 0, "no keyword planted");
        for (name, hits) in [("redline", ours), ("aho-corasick", theirs)] {
            assert!(
                (planted..=planted * 3).contains(&hits),
                "{name}: {hits} hits for {planted} planted keywords ({lang:?})"
            );
        }

        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(
            BenchmarkId::new("redline", format!("{lang:?}")),
            &posts,
            |b, posts| b.iter(|| redline_hits(&matcher, black_box(posts))),
        );
        group.bench_with_input(
            BenchmarkId::new("aho-corasick", format!("{lang:?}")),
            &lowered,
            |b, lowered| b.iter(|| aho_hits(&ac, black_box(lowered))),
        );
    }
    group.finish();
}

/// `-- --interleaved`: the scan ratio the way a shared, noisy machine
/// needs it. Each of 15 rounds times 20 passes of redline and then 20 of
/// raw aho-corasick over the same posts, so both see the same machine
/// state; prints the median, lowest and highest per-round ratio.
fn interleaved(only: Option<&str>) {
    let (kws, matcher, ac) = scan_matchers();
    for (lang, posts, lowered, bytes, _) in scan_posts(&kws) {
        if only.is_some_and(|name| name != format!("{lang:?}")) {
            continue;
        }
        let mut ratios = Vec::new();
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        for _ in 0..15 {
            let t = Instant::now();
            for _ in 0..20 {
                black_box(redline_hits(&matcher, black_box(&posts)));
            }
            let a = t.elapsed().as_secs_f64();
            let t = Instant::now();
            for _ in 0..20 {
                black_box(aho_hits(&ac, black_box(&lowered)));
            }
            let b = t.elapsed().as_secs_f64();
            ratios.push(b / a);
            ours.push(20.0 * bytes as f64 / a / (1 << 20) as f64);
            theirs.push(20.0 * bytes as f64 / b / (1 << 20) as f64);
        }
        for v in [&mut ratios, &mut ours, &mut theirs] {
            v.sort_by(f64::total_cmp);
        }
        println!(
            "interleaved/{lang:?}: ratio median {:.2} (lowest {:.2}, highest {:.2}); \
             medians redline {:.1} MiB/s, aho-corasick {:.1} MiB/s",
            ratios[7], ratios[0], ratios[14], ours[7], theirs[7]
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--interleaved") {
        let only = args
            .iter()
            .find(|a| ["English", "Chinese", "Mixed"].contains(&a.as_str()));
        interleaved(only.map(String::as_str));
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test` runs an unoptimized
    // build once through, where 100k keywords would take long for nothing.
    let benching = std::env::args().any(|a| a == "--bench");
    let sizes: &[usize] = if benching { &SIZES } else { &[1_000, 20_000] };
    // First, while the process is fresh, so the RSS it reports is the
    // matcher's and not memory freed by earlier benchmarks.
    report_memory(*sizes.last().expect("sizes"));
    let mut c = Criterion::default().configure_from_args();
    compile(&mut c, sizes);
    scan_post(&mut c);
    c.final_summary();
}
