#!/usr/bin/env python3
"""Generate a deterministic synthetic JSONL corpus of social-media posts for redline.

Each line is one post (SPEC section 1): short lifestyle posts (food, travel,
makeup, fashion, study, pets), about 55% English, 35% Chinese (mostly
simplified, some traditional) and 10% mixed, with `id`, `text`, sometimes
`title`, `hashtags`, `lang`, `author` {id, region, account_age_days, verified},
in about 20% of posts `jurisdictions`, and in some posts an extra `meta` object
(other fields are allowed by the spec and addressable by dotted path).

About 3.5% of posts carry a planted "bad" term (drugs, gambling, spam), some in
evasive forms (c0caine, ｃｏｃａｉｎｅ, co<U+200B>caine, c.o.c.a.i.n.e, 賭博 ...).
The vocabulary also holds precision traps (heroine, class assessment, Essex,
Sussex, bass guitar, passion fruit, 冰箱, 消毒) that must NOT match.

The same arguments always give byte-identical output (Python 3.8+, any
platform). Posts are prefix-stable: the first K lines of a run with --posts N
equal a run with --posts K. --hostile and --huge only replace lines; every
other line stays byte-identical to the clean corpus.

Line i (1-based) always holds post "p<i>" (or the hostile line that replaced
it), so line numbers and ids line up. --labels FILE writes ground truth: one
JSON object per line that has a planted term or is hostile.
"""

import argparse
import json
import json.encoder
import random
import signal
import sys

# JSON string encoder exactly as json.dumps(..., ensure_ascii=False) uses it
enc = json.encoder.encode_basestring

DEFAULT_SEED = 20240601
MAX_TEXT_BYTES = 500
MIN_TEXT_BYTES = 50

# ---------------------------------------------------------------------------
# Vocabulary: English
# ---------------------------------------------------------------------------

EN = {
    "food": [
        "ramen", "sushi", "tacos", "pho", "dumplings", "croissants", "avocado toast",
        "banana bread", "pad thai", "bibimbap", "matcha latte", "cold brew", "iced coffee",
        "bubble tea", "cheesecake", "pancakes", "waffles", "burrito bowl", "poke bowl",
        "fried chicken", "mac and cheese", "lasagna", "carbonara", "margherita pizza",
        "sourdough", "bagels", "smoothie bowl", "acai bowl", "chili", "green curry",
        "tikka masala", "dim sum", "hot pot", "brisket", "salmon", "steak frites",
        "tofu stir fry", "kimchi fried rice", "lemon tart", "tiramisu", "gelato", "churros",
        "cinnamon rolls", "granola", "overnight oats", "chocolate chip cookies", "brownies",
        "mochi", "egg tarts", "banh mi", "falafel", "shakshuka", "paella", "gnocchi",
        "passion fruit tea", "oat milk latte", "chai", "soup dumplings", "udon", "katsu curry",
    ],
    "city": [
        "Tokyo", "Kyoto", "Osaka", "Seoul", "Bangkok", "Bali", "Lisbon", "Porto",
        "Barcelona", "Paris", "Rome", "Florence", "Amsterdam", "Berlin", "Munich", "Prague",
        "Vienna", "London", "Edinburgh", "Dublin", "Reykjavik", "New York", "Brooklyn",
        "Chicago", "Austin", "Seattle", "Portland", "San Francisco", "Los Angeles",
        "Vancouver", "Toronto", "Montreal", "Mexico City", "Sydney", "Melbourne",
        "Singapore", "Hanoi", "Taipei", "Istanbul", "Copenhagen", "Stockholm", "Essex",
    ],
    "spot": [
        "a tiny cafe", "the farmers market", "a rooftop bar", "the night market",
        "a hole-in-the-wall place", "the food court", "a ramen shop downtown",
        "the bakery around the corner", "a hostel near the station", "the old town",
        "the art museum", "a hiking trail", "the botanical garden", "a bookstore cafe",
        "the harbor", "a vintage market", "the beach", "a little wine bar", "the lookout point",
    ],
    "adj": [
        "amazing", "incredible", "so good", "underrated", "overrated", "life-changing",
        "cozy", "gorgeous", "affordable", "a bit pricey", "totally worth it", "perfect",
        "surprisingly good", "a bit bland", "way too salty", "super fresh", "honestly fine",
        "unreal", "the best", "so cute", "a vibe", "chaotic", "peaceful", "elite",
    ],
    "product": [
        "foundation", "concealer", "setting spray", "lip tint", "lip gloss", "mascara",
        "eyeliner", "blush", "bronzer", "highlighter", "brow gel", "primer",
        "cushion compact", "sunscreen", "moisturizer", "serum", "toner", "cleanser",
        "sheet mask", "retinol cream", "vitamin C serum", "micellar water",
        "eyeshadow palette", "nail polish", "perfume", "lip balm", "setting powder",
    ],
    "clothing": [
        "linen shirt", "oversized blazer", "trench coat", "knit cardigan", "pleated skirt",
        "tote bag", "crossbody bag", "bucket hat", "silk scarf", "denim jacket",
        "puffer jacket", "slip dress", "turtleneck", "hoodie", "sundress", "wool coat",
        "baby tee", "maxi skirt", "classic trench", "leather belt", "cropped vest",
        "midi dress", "beanie", "pair of loafers", "pair of wide-leg jeans",
    ],
    "color": [
        "beige", "sage green", "navy", "cream", "black", "white", "burgundy", "lavender",
        "pastel pink", "olive", "camel", "charcoal", "baby blue", "terracotta", "mustard",
    ],
    "subject": [
        "calculus", "organic chemistry", "statistics", "linear algebra", "biology",
        "my history essay", "my thesis", "finals", "midterms", "the GRE", "IELTS",
        "SAT prep", "Python", "Spanish vocab", "Japanese kanji", "anatomy", "macroeconomics",
        "physics", "my lab report", "the group project", "accounting", "data structures",
    ],
    "pet": [
        "cat", "kitten", "puppy", "dog", "golden retriever", "corgi", "shiba", "tabby",
        "rabbit", "hamster", "parrot", "guinea pig", "border collie", "husky",
        "ragdoll", "orange cat", "dachshund", "beagle",
    ],
    "petname": [
        "Mochi", "Luna", "Milo", "Biscuit", "Pepper", "Oreo", "Coco", "Tofu", "Max", "Bella",
        "Nugget", "Peanut", "Ginger", "Simba", "Dumpling", "Waffles", "Bean", "Pickle",
    ],
    "time": [
        "this morning", "last night", "today", "yesterday", "this weekend", "last weekend",
        "on Sunday", "after work", "before class", "at 2am", "on my lunch break", "all week",
    ],
    "item": [
        "a power bank", "packing cubes", "a rain jacket", "comfy sneakers", "a film camera",
        "snacks", "a neck pillow", "sunscreen", "a reusable bottle", "a paperback",
    ],
    "topic": ["food", "travel", "skincare", "outfit", "study", "pet", "recipe", "budget travel"],
    "emoji": [
        "😍", "🤤", "✨", "🔥", "💯", "🥰", "😭", "🙌", "👀", "💕", "🌸", "☕", "🍜",
        "🐶", "🐱", "📚", "✈️", "🌊", "💄", "👗", "🙏", "😂", "🤔", "❤️", "👍🏽",
    ],
    "price": ["$12", "$8", "$25", "$40", "€15", "€30", "£9", "£22", "$5", "$60"],
}

EN_TEMPLATES = [
    # food
    "Just tried the {food} at {spot} and it was {adj}.",
    "Okay, the {food} here is {adj} {emoji}",
    "Made {food} {time} and honestly it turned out {adj}.",
    "Is it just me or is {food} kind of {adj} lately?",
    "Best {food} I've had in {city}, no contest.",
    "Waited way too long in line for {food} but it was {adj}.",
    "Homemade {food} recipe in the comments!",
    "Rating every {food} spot in {city}: part {num}.",
    "Meal prep for the week: {food}, {food} and {food}.",
    "Tried {food} and {food} {time}, the first one was {adj}.",
    # travel
    "Landed in {city} {time}, jet lag is real {emoji}",
    "{num} days in {city} and I already want to move here.",
    "Tip: skip the tourist spots in {city} and go to {spot} instead.",
    "Packing list for {city}: {item}, {item}, and way too many snacks.",
    "Sunset from {spot} in {city} was {adj} {emoji}",
    "Budget breakdown for my {city} trip is up, total was about {price} a day.",
    "Took the night train from {city} to {city} and loved every minute.",
    "Hidden gem in {city}: {spot}. Go early!",
    "Weekend walk through the Sussex countryside, {adj}.",
    # makeup
    "This {product} is {adj}, no more cakey look {emoji}",
    "Swatching the new {color} {product} today.",
    "Holy grail {product} for oily skin, repurchased it {num} times.",
    "My {time} routine: {product}, {product}, then {product}.",
    "Does anyone have a dupe for this {product}? It's {adj}.",
    "Tried the {color} {product} trend and I'm obsessed.",
    "Empties this month: {product}, {product} and a {product}.",
    "Honest review of the viral {product}: {adj}.",
    # fashion
    "Outfit of the day: {color} {clothing} with a {clothing}.",
    "Thrifted this {clothing} for {price} {emoji}",
    "How do you style a {color} {clothing}? Need ideas.",
    "Capsule wardrobe update: added a {clothing} and a {clothing}.",
    "The {color} {clothing} is back in stock and it is {adj}.",
    "Three ways to wear a {clothing} this fall.",
    "Mass of new arrivals at the {spot}, got a {clothing}.",
    # study
    "Day {num} of studying {subject}. Send coffee {emoji}",
    "Finally finished my {subject} notes, color coded and everything.",
    "Pomodoro sessions today: {num}. {subject} is still hard.",
    "Anyone else taking {subject} this semester? Looking for a study group.",
    "Passed {subject}! All those late nights were worth it {emoji}",
    "My desk setup for {subject} revision, {adj} vibes.",
    "Class assessment results for {subject} came back {time}.",
    "The heroine of the novel we read for class is {adj}.",
    "Teaching assistant hours for {subject} saved me {time}.",
    "Learning bass guitar on my lunch break, my fingers hurt.",
    "My passion for {subject} is slowly coming back.",
    # pets
    "{petname} the {pet} discovered the couch today {emoji}",
    "My {pet} refuses to walk past the {color} door, send help.",
    "{petname} turned {num} today! Happy birthday to the best {pet}.",
    "Adopted a {pet} {time}, meet {petname} {emoji}",
    "Why does my {pet} sleep like that 😂",
    "{petname} stole my {food} {time}. No regrets apparently.",
    "Vet said {petname} is a very healthy {pet} {emoji}",
    # general
    "Honestly {time} was {adj}.",
    "Saving this for later {emoji}",
    "Thoughts?",
    "Link in comments.",
    "Follow for more {topic} posts!",
    "Not sponsored, just love it {emoji}",
    "Let me know what you think in the comments.",
    "Glass of wine and a good book {time} {emoji}",
]

EN_TITLES = [
    "{city} in {num} days", "Best {food} in {city}", "My {product} routine",
    "OOTD: {color} {clothing}", "Study with me: {subject}", "Meet {petname}!",
    "{food} recipe", "{adj} finds this week", "{city} travel diary", "Weekly empties",
    "Budget {city} guide", "{pet} diaries", "What I ate {time}",
]

EN_TAGS = [
    "foodie", "travel", "wanderlust", "skincare", "makeup", "ootd", "fashion",
    "studygram", "studywithme", "catsofinstagram", "dogsofinstagram", "recipe",
    "brunch", "coffee", "thrifted", "selfcare", "weekend", "homecooking", "petlife",
    "budgettravel", "minimalism", "booktok", "grwm", "cleanbeauty",
]

# ---------------------------------------------------------------------------
# Vocabulary: Chinese (simplified; traditional is derived + extras)
# ---------------------------------------------------------------------------

ZH = {
    "food": [
        "火锅", "麻辣烫", "螺蛳粉", "小笼包", "煎饼果子", "烤鸭", "酸菜鱼", "奶茶", "杨枝甘露",
        "提拉米苏", "芝士蛋糕", "牛肉面", "肠粉", "烧麦", "生煎", "凉皮", "肉夹馍", "冒菜",
        "烤串", "冰淇淋", "拿铁", "手冲咖啡", "贝果", "可颂", "寿司", "拉面", "韩式炸鸡",
        "部队锅", "糖水", "双皮奶", "蛋挞", "酸奶碗", "轻食沙拉", "麻婆豆腐", "宫保鸡丁",
        "红烧肉", "糖醋排骨", "番茄炒蛋", "饺子", "馄饨", "皮蛋瘦肉粥", "烤冷面", "鸡蛋仔",
    ],
    "city": [
        "北京", "上海", "成都", "重庆", "杭州", "西安", "长沙", "厦门", "大理", "丽江", "青岛",
        "广州", "深圳", "南京", "苏州", "武汉", "三亚", "哈尔滨", "昆明", "桂林", "东京",
        "大阪", "首尔", "曼谷", "新加坡", "巴黎",
    ],
    "spot": [
        "小众咖啡馆", "夜市", "古镇", "商场的小店", "巷子的老店", "网红餐厅", "海边民宿",
        "江边", "山顶", "公园", "博物馆", "图书馆", "美术馆", "菜市场",
    ],
    "adj": [
        "绝绝子", "超级好吃", "一般般", "踩雷了", "很惊艳", "性价比很高", "太治愈了", "有点贵",
        "值得二刷", "氛围感拉满", "好看到哭", "巨好用", "真的会谢", "是宝藏", "是平价好物",
        "yyds", "无限回购",
    ],
    "product": [
        "粉底液", "遮瑕", "定妆喷雾", "口红", "唇釉", "眼影盘", "腮红", "高光", "睫毛膏",
        "眼线笔", "眉笔", "气垫", "防晒霜", "面霜", "精华", "爽肤水", "洗面奶", "面膜",
        "卸妆油", "香水", "散粉", "妆前乳",
    ],
    "clothing": [
        "针织开衫", "阔腿裤", "牛仔外套", "风衣", "西装外套", "百褶裙", "小白鞋", "乐福鞋",
        "马丁靴", "托特包", "斜挎包", "渔夫帽", "丝巾", "卫衣", "连衣裙", "半身裙", "羽绒服",
        "衬衫", "毛衣", "工装裤",
    ],
    "color": [
        "奶茶色", "燕麦色", "雾霾蓝", "牛油果绿", "酒红色", "焦糖色", "奶白色", "黑色",
        "藏青色", "香芋紫", "樱花粉", "卡其色",
    ],
    "subject": [
        "考研", "四六级", "雅思", "托福", "高数", "线性代数", "期末考试", "毕业论文",
        "英语单词", "日语", "编程", "会计", "公务员考试", "教资", "专业课", "政治",
    ],
    "pet": [
        "猫咪", "小狗", "橘猫", "布偶猫", "英短", "柯基", "柴犬", "金毛", "泰迪", "仓鼠",
        "兔子", "边牧", "哈士奇", "狸花猫",
    ],
    "petname": [
        "年糕", "汤圆", "豆豆", "可乐", "布丁", "奶糖", "球球", "咪咪", "大黄", "团子",
        "芝麻", "花卷",
    ],
    "time": ["今天", "昨天", "周末", "今晚", "早上", "下班后", "上周", "假期", "这几天", "凌晨两点"],
    "emoji": ["😍", "🤤", "✨", "🔥", "💯", "🥰", "😭", "🙌", "💕", "🌸", "☕", "🐱", "📚", "👍", "🈶", "🉑"],
    "price": ["30", "50", "68", "88", "100", "128", "199", "20"],
}

ZH_TEMPLATES = [
    "今天去{spot}吃了{food}，真的{adj}{emoji}",
    "{city}的{food}也太好吃了吧！",
    "姐妹们，{city}这家{food}{adj}！",
    "{time}自己在家做了{food}，比外面的还好吃。",
    "排队一个小时就为了这口{food}，{adj}。",
    "{city}三天两夜攻略来啦，建议收藏{emoji}",
    "在{city}的{spot}看日落，{adj}。",
    "第一次去{city}，求推荐{spot}！",
    "人均{price}吃到{food}，{adj}。",
    "这支{color}{product}{adj}，黄皮亲妈{emoji}",
    "空瓶记录：{product}、{product}、{product}。",
    "{product}测评｜油皮真实感受",
    "新手化妆必备的{product}，{adj}。",
    "{color}{clothing}配{clothing}，温柔又高级。",
    "小个子穿搭｜{clothing}这样穿显高",
    "今日穿搭：{color}{clothing}+{clothing}{emoji}",
    "{subject}倒计时{num}天，加油！",
    "分享我的{subject}复习计划，{adj}。",
    "图书馆学了一整天{subject}，累但充实。",
    "{subject}上岸了！！经验贴来了{emoji}",
    "我家{pet}{petname}今天又拆家了{emoji}",
    "{petname}{num}岁生日快乐！",
    "养{pet}的第{num}天，每天都被治愈。",
    "有没有人知道{pet}为什么总是半夜跑酷？",
    "家人们谁懂啊，{food}{adj}！",
    "评论区见～",
    "码住慢慢看。",
    "冰箱里还剩一点{food}，明天继续。",
    "每天回家先给{pet}的碗消毒，{petname}很健康。",
    "{time}逛了{spot}，拍照很出片{emoji}",
    "{food}和{food}二选一，大家选哪个？",
    "{city}旅行vlog更新啦，喜欢的话点个赞吧。",
    "这个{product}我回购了{num}次，{adj}。",
    "网购的{clothing}到了，质量{adj}。",
]

ZH_TITLES = [
    "{city}旅行攻略", "{food}探店", "{product}测评", "今日穿搭", "{subject}经验分享",
    "{pet}日常", "周末好去处", "{city}美食地图", "平价好物分享", "学习打卡第{num}天",
]

ZH_TAGS = [
    "美食探店", "旅行日记", "穿搭分享", "今日穿搭", "护肤心得", "彩妆分享", "考研", "学习打卡",
    "猫咪日常", "萌宠", "周末去哪儿", "咖啡", "平价好物", "一人食", "家常菜", "小众旅行",
]

# Simplified -> traditional for the characters used above whose traditional form
# is unambiguous here (ambiguous ones such as 面/发/干 are left alone).
S2T = str.maketrans(
    "这个们说时会为来对过还没样点买卖东长开关门问间车饭欢爱气电视观现实头鸡鸭鱼汤烧锅烫蛳"
    "笼饼杨肠麦凉馍铁冲贝颂寿韩队双挞轻宫红饺馄饨庆厦丽岛广苏汉亚尔滨众馆镇场网厅边园书术"
    "绝级惊艳价贵围满谢宝妆喷雾盘线笔垫晒华肤针织阔裤风装乐马渔卫连绒衬蓝绿樱试毕业论语单"
    "词编计务员资专课猫仓团卷几两后议荐黄亲妈记录测评实备温显习划学贴岁养么总谁区见码经验"
    "剩碗张图画丝数让传拍赞复视购质圆夹处宠护无给继续选话顶儿里周",
    "這個們說時會為來對過還沒樣點買賣東長開關門問間車飯歡愛氣電視觀現實頭雞鴨魚湯燒鍋燙螄"
    "籠餅楊腸麥涼饃鐵沖貝頌壽韓隊雙撻輕宮紅餃餛飩慶廈麗島廣蘇漢亞爾濱眾館鎮場網廳邊園書術"
    "絕級驚豔價貴圍滿謝寶妝噴霧盤線筆墊曬華膚針織闊褲風裝樂馬漁衛連絨襯藍綠櫻試畢業論語單"
    "詞編計務員資專課貓倉團捲幾兩後議薦黃親媽記錄測評實備溫顯習劃學貼歲養麼總誰區見碼經驗"
    "剩碗張圖畫絲數讓傳拍讚複視購質圓夾處寵護無給繼續選話頂兒裡週",
)

ZHT_EXTRA = {
    "food": ["珍珠奶茶", "滷肉飯", "雞排", "鹽酥雞", "臭豆腐", "芒果冰", "蚵仔煎", "菠蘿包", "港式奶茶", "燒臘飯"],
    "city": ["台北", "台中", "台南", "高雄", "花蓮", "香港", "九龍", "澳門"],
    "spot": ["西門町", "尖沙咀的茶餐廳", "旺角的小店", "捷運站旁的咖啡廳", "便利商店"],
    "adj": ["超好吃der", "好療癒", "很可以", "大推", "CP值超高"],
}
ZHT_TEMPLATES = [
    "{city}的{food}真的{adj}，一定要去{spot}吃吃看！",
    "週末去了{spot}，{food}{adj}{emoji}",
    "搭捷運到{spot}，順便買了{food}。",
    "這間{food}排隊排好久，但是{adj}。",
]

MIXED_TEMPLATES = [
    "今天的OOTD：{zh_color}{zh_clothing} + {en_clothing}，so cute {emoji}",
    "Finally tried {zh_food} in {en_city}! {zh_adj}",
    "{en_food} 真的 yyds {emoji}",
    "周末 brunch 吃了{zh_food}，vibe 满分。",
    "Study with me｜{zh_subject} day {num}",
    "My {en_pet} {zh_petname} 今天超乖 {emoji}",
    "{en_city} travel vlog 上线啦，link 在评论区。",
    "这个 {en_product} 真的绝了，holy grail 级别。",
    "GRWM：{zh_product} + {en_product} {emoji}",
    "{zh_city} citywalk 路线分享，{zh_adj}。",
    "Weekend plan: {zh_spot} + {en_food}，完美。",
    "新买的 {en_clothing}，fit 超好 {emoji}",
]

# ---------------------------------------------------------------------------
# Planted "bad" terms: (category, canonical term, [forms as written]).
# ---------------------------------------------------------------------------

BAD = [
    ("drugs", "cocaine", ["cocaine", "cocaine", "COCAINE", "c0caine", "ｃｏｃａｉｎｅ",
                          "co\u200bcaine", "c.o.c.a.i.n.e"]),
    ("drugs", "heroin", ["heroin", "heroin", "her0in"]),
    ("drugs", "冰毒", ["冰毒", "冰毒", "冰 毒", "冰.毒"]),
    ("drugs", "海洛因", ["海洛因", "海洛因"]),
    ("gambling", "casino bonus", ["casino bonus", "casino bonus", "Casino  Bonus", "c4sino bonus"]),
    ("gambling", "网赌", ["网赌", "网赌", "網賭"]),
    ("gambling", "赌博", ["赌博", "赌博", "賭博"]),
    ("spam", "free money", ["free money", "free money", "FREE MONEY", "free-money"]),
    ("spam", "加微信", ["加微信", "加微信", "加 微 信"]),
]
BAD_EN = [b for b in BAD if b[1].isascii()]
BAD_ZH = [b for b in BAD if not b[1].isascii()]

BAD_CTX_EN = [
    "dm me for {t}", "{t} available tonight", "best {t} in town, dm", "anyone know where to get {t}?",
    "{t} 🔥 link in bio", "got {t}, fast delivery", "cheap {t} here",
]
BAD_CTX_ZH = ["出{t}，私聊", "{t}找我", "需要{t}的私信", "{t}，懂的来", "有{t}，日结", "长期{t}，速来"]

# Fragments that must never occur by accident in clean text.
FORBIDDEN = ["cocaine", "heroin ", "casino", "free money", "money", "冰毒", "海洛因", "赌", "賭", "微信"]

JURISDICTIONS = ["GLOBAL", "CN", "US", "EU", "DE"]

REGIONS = {
    "en": (["US", "GB", "CA", "AU", "IN", "DE", "SG", "IE", "NZ"], [45, 15, 10, 8, 7, 5, 4, 3, 3]),
    "zh-Hans": (["CN", "SG", "MY", "US"], [85, 6, 5, 4]),
    "zh-Hant": (["TW", "HK", "MO", "US"], [60, 33, 3, 4]),
    "mixed": (["SG", "HK", "US", "CN", "MY", "TW", "GB"], [25, 20, 15, 15, 10, 10, 5]),
}

LANG_TAGS = {
    "en": (["en", "en-US", "en-GB"], [80, 14, 6]),
    "zh-Hans": (["zh-Hans", "zh-CN", "zh"], [75, 15, 10]),
    "zh-Hant": (["zh-Hant", "zh-TW", "zh-HK"], [65, 20, 15]),
    "mixed": (["zh-Hans", "en", None], [40, 35, 25]),
}

# ---------------------------------------------------------------------------


def fill(rng, template, slots):
    """Fill {name} placeholders, drawing every occurrence independently."""
    out = []
    i = 0
    while True:
        j = template.find("{", i)
        if j < 0:
            out.append(template[i:])
            return "".join(out)
        k = template.index("}", j)
        out.append(template[i:j])
        name = template[j + 1:k]
        if name == "num":
            out.append(str(rng.randint(2, 30)))
        else:
            out.append(rng.choice(slots[name]))
        i = k + 1


def clean(s):
    low = s.lower()
    return not any(f in low for f in FORBIDDEN) and not low.rstrip(" .!?").endswith("free")


ZH_END = "。！？～!?.）)" + "".join(ZH["emoji"])


def make_pool(rng, templates, slots, n, zh_stop=False):
    pool = []
    while len(pool) < n:
        s = fill(rng, rng.choice(templates), slots)
        if zh_stop and s[-1] not in ZH_END:
            s += "。"
        if clean(s):
            pool.append((s, len(s.encode("utf-8"))))
    return pool


def weighted(values, weights):
    """Cumulative thresholds for fast weighted picks with one random()."""
    total = float(sum(weights))
    acc, cum = 0.0, []
    for w in weights:
        acc += w
        cum.append(acc / total)
    cum[-1] = 1.0
    return list(values), cum


def pick(table, r):
    values, cum = table
    for v, c in zip(values, cum):
        if r < c:
            return v
    return values[-1]


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def build_vocab(rng):
    zht = {k: [w.translate(S2T) for w in v] for k, v in ZH.items()}
    for k, v in ZHT_EXTRA.items():
        zht[k] = zht[k] + v
    zht_templates = [t.translate(S2T) for t in ZH_TEMPLATES] + ZHT_TEMPLATES
    mixed = {"emoji": EN["emoji"]}
    for k, v in EN.items():
        mixed["en_" + k] = v
    for k, v in ZH.items():
        mixed["zh_" + k] = v

    pools = {
        "en": make_pool(rng, EN_TEMPLATES, EN, 15000),
        "zh-Hans": make_pool(rng, ZH_TEMPLATES, ZH, 10000, zh_stop=True),
        "zh-Hant": make_pool(rng, zht_templates, zht, 4000, zh_stop=True),
        "mixed": make_pool(rng, MIXED_TEMPLATES, mixed, 3000),
    }
    titles = {
        "en": [s for s, _ in make_pool(rng, EN_TITLES, EN, 1500)],
        "zh-Hans": [s for s, _ in make_pool(rng, ZH_TITLES, ZH, 1000)],
        "zh-Hant": [s.translate(S2T) for s, _ in make_pool(rng, ZH_TITLES, ZH, 500)],
    }
    titles["mixed"] = titles["en"][:500] + titles["zh-Hans"][:500]
    tags = {
        "en": EN_TAGS,
        "zh-Hans": ZH_TAGS,
        "zh-Hant": [t.translate(S2T) for t in ZH_TAGS] + ["台灣美食", "香港好去處", "捷運美食"],
        "mixed": EN_TAGS + ZH_TAGS + ["citywalk", "vlog日常", "OOTD分享"],
    }
    # pools of (list, json) hashtag sets, 1-4 distinct tags each
    tagsets = {}
    for lang, lst in tags.items():
        sets = []
        for _ in range(2000):
            t = rng.sample(lst, 1 + rng.randrange(4))
            sets.append((t, dumps(t)))
        tagsets[lang] = sets

    # (dict, json) authors; the same author posts many times
    authors = {}
    sizes = {"en": 8000, "zh-Hans": 6000, "zh-Hant": 2000, "mixed": 1500}
    for lang, (regions, weights) in REGIONS.items():
        table = weighted(regions, weights)
        lst = []
        for _ in range(sizes[lang]):
            uid = "u%07d" % rng.randrange(10_000_000)
            # account age: many new accounts, long tail of old ones
            r = rng.random()
            if r < 0.12:
                age = rng.randrange(0, 30)
            elif r < 0.35:
                age = rng.randrange(30, 365)
            else:
                age = rng.randrange(365, 5000)
            au = {
                "id": uid,
                "region": pick(table, rng.random()),
                "account_age_days": age,
                "verified": rng.random() < 0.07,
            }
            lst.append((au, dumps(au)))
        authors[lang] = lst

    # (list, json) jurisdiction sets: 60% one code, 30% two, 10% three
    jsets = []
    for _ in range(500):
        r = rng.random()
        k = 1 if r < 0.6 else (2 if r < 0.9 else 3)
        picked = set(rng.sample(range(len(JURISDICTIONS)), k))
        j = [c for i, c in enumerate(JURISDICTIONS) if i in picked]
        jsets.append((j, dumps(j)))
    return pools, titles, tagsets, authors, jsets


# ---------------------------------------------------------------------------

GROUPS = weighted(["en", "zh-Hans", "zh-Hant", "mixed"], [55, 28, 7, 10])
LANG_TABLES = {g: weighted(v, w) for g, (v, w) in LANG_TAGS.items()}
SOURCES = ("app", "web", "api")


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        (self.pools, self.titles, self.tagsets, self.authors,
         self.jsets) = build_vocab(self.rng)

    def post(self, n):
        """Return (post dict, its JSON line as str, planted-or-None) for post n.

        The JSON is assembled from pre-serialized parts; it equals
        dumps(post) (same key order, same escaping).
        """
        rnd = self.rng.random
        group = pick(GROUPS, rnd())
        pool = self.pools[group]
        zh = group in ("zh-Hans", "zh-Hant")
        sep = "" if zh else " "
        sep_b = len(sep)

        # target size of text in UTF-8 bytes
        r = rnd()
        if r < 0.40:
            target = 50 + int(rnd() * 70)
        elif r < 0.85:
            target = 120 + int(rnd() * 160)
        else:
            target = 280 + int(rnd() * 180)

        # decide first what else goes into the text, so the sentences leave room
        planted = planted_piece = None
        if rnd() < 0.035:
            if group == "en" or (group == "mixed" and rnd() < 0.5):
                cat, term, forms = BAD_EN[int(rnd() * len(BAD_EN))]
                ctx = BAD_CTX_EN[int(rnd() * len(BAD_CTX_EN))]
            else:
                cat, term, forms = BAD_ZH[int(rnd() * len(BAD_ZH))]
                ctx = BAD_CTX_ZH[int(rnd() * len(BAD_CTX_ZH))]
            form = forms[int(rnd() * len(forms))]
            r = rnd()
            field = "text" if r < 0.8 else ("title" if r < 0.9 else "hashtags")
            planted = {"category": cat, "term": term, "form": form, "field": field}
            if field == "text":
                planted_piece = ctx.replace("{t}", form)
                if zh and planted_piece[-1] not in ZH_END:
                    planted_piece += "。"

        hashtags = hashtags_json = inline = None
        if rnd() < 0.70:
            tsets = self.tagsets[group]
            hashtags, hashtags_json = tsets[int(rnd() * len(tsets))]
            if rnd() < 0.15:
                # inline hashtags in the text, too
                inline = " ".join("#" + t for t in hashtags[:2])

        room = MAX_TEXT_BYTES
        if planted_piece is not None:
            room -= len(planted_piece.encode("utf-8")) + 1
        if inline is not None:
            room -= len(inline.encode("utf-8")) + 1
        target = min(target, room)

        pieces = []
        total = -sep_b
        npool = len(pool)
        tries = 0
        while total < target and tries < 40:
            tries += 1
            s, b = pool[int(rnd() * npool)]
            if total + sep_b + b > room or s in pieces:
                continue
            pieces.append(s)
            total += sep_b + b
        if planted_piece is not None:
            pieces.insert(int(rnd() * (len(pieces) + 1)), planted_piece)
        if inline is not None:
            pieces.append(inline)

        text = sep.join(pieces)
        while len(text.encode("utf-8")) < MIN_TEXT_BYTES:
            text = text + sep + pool[int(rnd() * npool)][0]

        title = None
        if rnd() < (0.45 if zh else 0.25):
            titles = self.titles[group]
            title = titles[int(rnd() * len(titles))]
            if group != "en" and rnd() < 0.3:
                title = title + ZH["emoji"][int(rnd() * len(ZH["emoji"]))]

        if planted is not None:
            field = planted["field"]
            if field == "title" or (field == "hashtags" and hashtags is None and rnd() < 0.5):
                space = " " if planted["term"].isascii() else ""
                title = (planted["form"] + space + (title or "")).strip()
                planted["field"] = "title"
            elif field == "hashtags":
                hashtags = list(hashtags or ())
                hashtags.insert(int(rnd() * (len(hashtags) + 1)), planted["form"])
                hashtags_json = dumps(hashtags)

        lang = pick(LANG_TABLES[group], rnd())
        authors = self.authors[group]
        author, author_json = authors[int(rnd() * len(authors))]
        jur = jur_json = None
        if rnd() < 0.20:
            jur, jur_json = self.jsets[int(rnd() * len(self.jsets))]
        meta = None
        if rnd() < 0.25:
            meta = {"source": SOURCES[int(rnd() * 3)], "likes": int(rnd() * rnd() * 5000)}

        pid = "p%d" % n
        post = {"id": pid}
        parts = ['{"id":"', pid, '"']
        if title is not None:
            post["title"] = title
            parts += [',"title":', enc(title)]
        post["text"] = text
        parts += [',"text":', enc(text)]
        if hashtags is not None:
            post["hashtags"] = hashtags
            parts += [',"hashtags":', hashtags_json]
        if lang is not None:
            post["lang"] = lang
            parts += [',"lang":"', lang, '"']
        post["author"] = author
        parts += [',"author":', author_json]
        if jur is not None:
            post["jurisdictions"] = jur
            parts += [',"jurisdictions":', jur_json]
        if meta is not None:
            post["meta"] = meta
            parts.append(',"meta":{"source":"%s","likes":%d}' % (meta["source"], meta["likes"]))
        parts.append("}")
        return post, "".join(parts), planted




# ---------------------------------------------------------------------------
# Hostile lines. Each takes (hrng, post dict, normal line as bytes) and returns
# (bytes without the final "\n", variant name).
# ---------------------------------------------------------------------------


def _splice_text(line, payload, hrng):
    """Insert raw bytes inside the "text" string value of a serialized post."""
    key = b'"text":"'
    i = line.index(key) + len(key)
    j = line.index(b'"', i)
    # stay on a UTF-8 character boundary
    pos = i + int(hrng.random() * (j - i + 1))
    while pos < j and (line[pos] & 0xC0) == 0x80:
        pos += 1
    while pos > i and line[pos - 1] == 0x5C:  # never split an escape after "\\"
        pos -= 1
    return line[:pos] + payload + line[pos:]


def h_invalid_json(hrng, post, line):
    s = line.decode("utf-8")
    v = hrng.randrange(9)
    if v == 0:
        cut = 1 + int(hrng.random() * (len(s) - 2))
        return s[:cut].encode("utf-8"), "truncated"
    if v == 1:
        return (s[:-1] + ",}").encode("utf-8"), "trailing_comma"
    if v == 2:
        return s.replace('"', "'").encode("utf-8"), "single_quotes"
    if v == 3:
        return s.replace('"id":', "id:").replace('"text":', "text:").encode("utf-8"), "unquoted_keys"
    if v == 4:
        return _splice_text(line, b"\t", hrng), "raw_control_char"
    if v == 5:
        return hrng.choice([b"not json at all", "你好，世界".encode("utf-8"), b"}{", b"{", b"null,"]), "garbage"
    if v == 6:
        return line + line, "two_objects"
    if v == 7:
        return line[:-1], "unterminated_object"
    return line[:-1] + b',"score":NaN}', "nan_literal"


def h_array(hrng, post, line):
    v = hrng.randrange(3)
    if v == 0:
        return b"[" + line + b"]", "array_of_object"
    if v == 1:
        return dumps([post.get("text", ""), post["id"]]).encode("utf-8"), "array_of_strings"
    return b"[]", "empty_array"


def h_wrong_type(hrng, post, line):
    p = dict(post)
    v = hrng.randrange(5)
    if v <= 1:
        p["text"] = hrng.randrange(-1000, 100000)
        return dumps(p).encode("utf-8"), "text_number"
    if v == 2:
        p["text"] = round(hrng.random() * 1000, 3)
        return dumps(p).encode("utf-8"), "text_float"
    if v == 3:
        p["hashtags"] = "#" + " #".join(post.get("hashtags") or ["tag"])
        return dumps(p).encode("utf-8"), "hashtags_string"
    p["title"] = {"value": post.get("title") or "title"}
    return dumps(p).encode("utf-8"), "title_object"


INVALID_UTF8 = [
    (b"\xff", "byte_ff"),
    (b"\xc0\xaf", "overlong"),
    (b"\xe4\xb8", "truncated_sequence"),
    (b"\x80", "lone_continuation"),
    (b"\xed\xa0\x80", "encoded_surrogate"),
    (b"\xf8\x88\x80\x80\x80", "five_byte"),
    (b"caf\xe9", "latin1"),
]


def h_invalid_utf8(hrng, post, line):
    payload, name = INVALID_UTF8[hrng.randrange(len(INVALID_UTF8))]
    return _splice_text(line, payload, hrng), name


def h_nul(hrng, post, line):
    return _splice_text(line, b"\\u0000", hrng), "nul_escape"


def h_surrogate(hrng, post, line):
    esc, name = hrng.choice([
        (b"\\ud800", "lone_high_d800"), (b"\\ud800", "lone_high_d800"),
        (b"\\udc00", "lone_low_dc00"), (b"\\ud83d", "lone_high_d83d"),
    ])
    return _splice_text(line, esc, hrng), name


def h_crlf(hrng, post, line):
    return line + b"\r", "crlf"


def h_bom(hrng, post, line):
    return b"\xef\xbb\xbf" + line, "bom"


def h_blank(hrng, post, line):
    return hrng.choice([(b"", "empty"), (b"", "empty"), (b"   ", "spaces"), (b"\t", "tab"), (b"\r", "crlf_blank")])


HOSTILE = [
    ("invalid_json", h_invalid_json),
    ("array", h_array),
    ("wrong_type", h_wrong_type),
    ("invalid_utf8", h_invalid_utf8),
    ("nul_escape", h_nul),
    ("lone_surrogate", h_surrogate),
    ("crlf", h_crlf),
    ("bom", h_bom),
    ("blank", h_blank),
]


def huge_line(seed, n, post, size):
    hr = random.Random("%d:huge:%d" % (seed, n))
    p = dict(post)
    chunk = []
    total = 0
    words = EN["food"] + ZH["food"] + EN["adj"] + ZH["adj"]
    while total < size:
        w = words[int(hr.random() * len(words))]
        chunk.append(w)
        total += len(w.encode("utf-8")) + 1
    p["text"] = " ".join(chunk)
    return dumps(p).encode("utf-8")


# ---------------------------------------------------------------------------


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="gen-corpus.py",
        description=__doc__ + "\nPython 3 standard library only; output is written as bytes.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""examples:
  scripts/gen-corpus.py --posts 1000 > target/corpus-1k.jsonl
  scripts/gen-corpus.py --posts 1000000 -o target/corpus-1m.jsonl
  scripts/gen-corpus.py --posts 10000 --hostile 0.05 --huge --labels target/h.labels.jsonl -o target/h.jsonl

hostile kinds (chosen uniformly; the label file names kind and variant):
  invalid_json    truncated, trailing comma, single quotes, unquoted keys, raw tab
                  in a string, garbage, two objects on one line, unterminated, NaN
  array           a JSON array instead of an object
  wrong_type      text as a number (int/float), hashtags as a string, title as an object
  invalid_utf8    raw invalid UTF-8 bytes inside the text string
  nul_escape      \\u0000 inside the text string (valid JSON)
  lone_surrogate  \\ud800 (or \\udc00, \\ud83d) escape inside the text string
  crlf            the line ends in \\r\\n
  bom             a UTF-8 BOM at the start of the line
  blank           an empty or whitespace-only line (\"\", spaces, tab, \\r)
  huge            (only with --huge) a valid post whose line is > 1 MiB

labels (--labels FILE): one JSON object per line that has a planted term or
is hostile, e.g. {"line":12,"id":"p12","planted":{"category":"drugs",
"term":"cocaine","form":"c0caine","field":"text"}} or {"line":40,"id":"p40",
"hostile":"invalid_utf8","variant":"overlong"}. Line numbers are 1-based.
A planted term on a hostile line may not survive (e.g. text turned into a number).
""",
    )
    ap.add_argument("--posts", "-n", type=int, default=100000, metavar="N",
                    help="number of lines to write (default: 100000)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED,
                    help="random seed (default: %d)" % DEFAULT_SEED)
    ap.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    ap.add_argument("--hostile", type=float, default=0.0, metavar="F",
                    help="fraction of lines (0..1) replaced by hostile input (default: 0)")
    ap.add_argument("--huge", type=int, nargs="?", const=1, default=0, metavar="K",
                    help="also replace K lines (default 1 when given) by a valid post over 1 MiB, "
                         "at evenly spaced positions; independent of --hostile")
    ap.add_argument("--huge-bytes", type=int, default=1_200_000, metavar="B",
                    help="approximate size of a huge line (default: 1200000)")
    ap.add_argument("--labels", metavar="FILE", help="write ground truth (JSONL) to FILE")
    a = ap.parse_args(argv)
    if a.posts < 0:
        ap.error("--posts must be >= 0")
    if not 0.0 <= a.hostile <= 1.0:
        ap.error("--hostile must be between 0 and 1")
    if a.huge < 0:
        ap.error("--huge must be >= 0")
    return a


def main(argv=None):
    a = parse_args(sys.argv[1:] if argv is None else argv)
    if hasattr(signal, "SIGPIPE"):
        # behave like a Unix filter when piped into `head`: no traceback
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    gen = Generator(a.seed)
    hrng = random.Random("%d:hostile" % a.seed)
    huge_at = set()
    if a.huge and a.posts:
        huge_at = {max(1, (a.posts * (j + 1)) // (a.huge + 1)) for j in range(a.huge)}

    out = open(a.output, "wb") if a.output else sys.stdout.buffer
    labels = open(a.labels, "w", encoding="utf-8") if a.labels else None
    try:
        buf = []
        lab = []
        hostile = a.hostile
        nh = len(HOSTILE)
        post_fn = gen.post
        hr = hrng.random
        for n in range(1, a.posts + 1):
            post, line, planted = post_fn(n)
            line = line.encode("utf-8")
            rec = None
            if planted is not None:
                rec = {"line": n, "id": post["id"], "planted": planted}
            # always draw, so hostile choices don't shift with the corpus
            h = hr()
            if n in huge_at:
                line = huge_line(a.seed, n, post, a.huge_bytes)
                if rec is not None and planted["field"] == "text":
                    rec = None  # the huge text replaced the planted one
                rec = rec or {"line": n, "id": post["id"]}
                rec["hostile"] = "huge"
                rec["variant"] = "line_%d_bytes" % len(line)
            elif h < hostile:
                kind, fn = HOSTILE[int(hr() * nh)]
                line, variant = fn(hrng, post, line)
                rec = rec or {"line": n, "id": post["id"]}
                rec["hostile"] = kind
                rec["variant"] = variant
            buf.append(line)
            if rec is not None and labels is not None:
                lab.append(dumps(rec))
            if len(buf) >= 8192:
                buf.append(b"")
                out.write(b"\n".join(buf))
                buf = []
                if lab:
                    labels.write("\n".join(lab) + "\n")
                    lab = []
        if buf:
            buf.append(b"")
            out.write(b"\n".join(buf))
        if labels is not None and lab:
            labels.write("\n".join(lab) + "\n")
        out.flush()
    finally:
        if a.output:
            out.close()
        if labels is not None:
            labels.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
