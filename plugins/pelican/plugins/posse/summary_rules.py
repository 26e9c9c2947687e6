"""The phatic-sentence rules, as data: which opening sentences are not the summary.

Japanese (and many English) business blogs open with a greeting, a
self-introduction, thanks to readers, the weather or the season, or a recap of
the last post, and state the point a sentence or two later. summary.py passes
over the sentences these rules recognise when it chooses a summary.

Each rule is a regular expression (Python's ``re``) matched at the start of a
sentence, with its language, its kind and the reason it says nothing of what
the article is about; a pattern that looks further than the sentence's first
words, and the words one of which a sentence must hold for it to be tried
(``needs``). To add
one, add a ``Rule`` to ``RULES`` with its ``examples`` (sentences it must
recognise) and ``keeps`` (sentences it must not): tests/core/test_summary.py
checks both, and bench/summary_quality.py says how the summaries of
tests/data/summary_openings.py fare. Write patterns that stop at the end of the
phatic part: when a point cue (``POINT_CUES``: 「今回は」, "In this post"…)
follows in the same sentence after a comma, only the part before it is passed
over.

``rescue``: a weather or season sentence that shares at least half of the
title's words is kept (「年度末が近づき、補助金の公募が増える時期です。」 on an
article about 補助金 is not small talk).
"""

from __future__ import annotations

from typing import NamedTuple

# The kinds, in the words `plan` and the outbox page use (publish/messages.py
# "summary.kind.*").
KINDS = ("greeting", "sign_off", "self_intro", "thanks", "weather", "recap")


class Rule(NamedTuple):
    kind: str  # one of KINDS
    lang: str  # "ja" or "en" (the article's primary language)
    pattern: str  # matched at the start of a sentence (re.match)
    reason: str  # why such a sentence is not what the article is about
    examples: tuple[str, ...] = ()  # sentences it must recognise
    keeps: tuple[str, ...] = ()  # sentences it must not
    rescue: bool = False  # kept when it shares half of the title (see above)
    # Words one of which the sentence must hold (English: in lower case)
    # before the pattern is tried, and compiled: most sentences hold none, and
    # compiling every pattern would cost each build more than all its checks.
    needs: tuple[str, ...] = ()


_JA_READERS = (
    r"(?:みなさん|皆さん|皆様|みなさま|皆さま|読者の(?:みなさん|皆さん|皆様|皆さま))"
)
_NAME_END = r"[^\s、。のはがをに]{1,10}(?:です|と申します|といいます|でございます)"

RULES: tuple[Rule, ...] = (
    # --- Japanese ------------------------------------------------------------
    Rule(
        "greeting",
        "ja",
        rf"(?:{_JA_READERS}[、,!！]?\s*)?(?:こんにちは|こんばんは|おはようございます"
        r"|はじめまして|初めまして|お久しぶりです|ご無沙汰して(?:い|お)ります"
        r"|(?:新年)?(?:あけまして|明けまして)おめでとうございます)"
        r"(?=[。！!？?、,…〜～♪\s]|$)",
        "a greeting: every article could open with it",
        ("みなさん、こんにちは。", "こんにちは！", "明けましておめでとうございます。"),
        ("こんにちはと言える職場づくりが採用を変えます。",),
        needs=(
            "こんにちは",
            "こんばんは",
            "おはよう",
            "はじめまして",
            "初めまして",
            "お久しぶり",
            "ご無沙汰",
            "おめでとう",
        ),
    ),
    Rule(
        "greeting",
        "ja",
        rf"{_JA_READERS}[、,]?\s*(?:お元気ですか|いかがお過ごしでしょうか"
        r"|お疲れさまです|お疲れ様です)(?=[。！!？?、,…\s]|$)",
        "asks after the reader: a greeting",
        ("皆さま、いかがお過ごしでしょうか。",),
        needs=("お元気", "お過ごし", "お疲れ"),
    ),
    Rule(
        "self_intro",
        "ja",
        r"[^。]{0,40}?(?:診断士|コンサルタント|税理士|社労士|社会保険労務士|行政書士"
        r"|会計士|代表|事務所|管理人|運営者|担当|講師)[^。、はが]{0,16}?(?:の|、|で|をしている"
        rf"|をしております)\s*{_NAME_END}(?=[。！!、,\s]|$)",
        "introduces the author, who is the same in every article",
        (
            "中小企業診断士の佐藤です。",
            "東京で中小企業診断士をしている佐藤です。",
            "さとう経営事務所の代表、佐藤と申します。",
        ),
        ("中小企業診断士の仕事は、経営者の伴走です。",),
        needs=(
            "診断士",
            "コンサルタント",
            "税理士",
            "社労士",
            "社会保険労務士",
            "行政書士",
            "会計士",
            "代表",
            "事務所",
            "管理人",
            "運営者",
            "担当",
            "講師",
        ),
    ),
    Rule(
        "self_intro",
        "ja",
        r"[^。]{0,30}?と申します",
        "introduces the author",
        ("ブログ管理人の山田と申します。",),
        needs=("と申します",),
    ),
    Rule(
        "thanks",
        "ja",
        r"(?:いつも|日頃|日ごろ|平素|先日|前回)[^。]{0,40}?(?:ありがとうございま(?:す|した)"
        r"|感謝(?:して(?:い|お)ります|申し上げます|しています))",
        "thanks the readers: true of every article",
        (
            "いつもブログをお読みいただき、ありがとうございます。",
            "前回の記事にもたくさんの反響をいただき、ありがとうございました。",
        ),
        needs=("ありがとう", "感謝"),
    ),
    Rule(
        "thanks",
        "ja",
        r"[^。]{0,40}?(?:読んで|お読み|ご覧)(?:いただき|くださり)[^。]{0,10}?"
        r"(?:ありがとうございま(?:す|した)|感謝)",
        "thanks the readers for reading",
        ("このブログを読んでくださり、本当にありがとうございます。",),
        needs=("ありがとう", "感謝"),
    ),
    Rule(
        "weather",
        "ja",
        r"[^。、]{0,16}?(?:寒く|暑く|暖かく|あたたかく|涼しく|肌寒く|過ごしやすく|寒い日|暑い日"
        r"|寒さ|暑さ|冷え込|蒸し暑|じめじめ|うだるよう)",
        "remarks on the weather: small talk, not the topic",
        (
            "寒くなってきましたね。",
            "毎日暑い日が続いていますね。",
            "朝晩の冷え込みが厳しくなりました。",
        ),
        ("寒冷地の工場では、暖房費が利益を圧迫します。",),
        rescue=True,
        needs=(
            "寒",
            "暑",
            "暖か",
            "あたたか",
            "涼し",
            "冷え込",
            "蒸し暑",
            "じめじめ",
            "うだる",
            "過ごしやす",
        ),
    ),
    Rule(
        "weather",
        "ja",
        r"[^。、]{0,12}?(?:梅雨|桜|紅葉|師走|年の瀬|新緑|猛暑|残暑|台風|花粉|雪の"
        r"|(?:春|夏|秋|冬)(?:らしく|めいて|本番|の訪れ|の気配|になり|も終わり|ですね))",
        "remarks on the season: small talk, not the topic",
        (
            "桜の季節になりましたね。",
            "すっかり秋らしくなりました。",
            "師走に入り、何かと慌ただしい毎日です。",
        ),
        rescue=True,
        needs=(
            "梅雨",
            "桜",
            "紅葉",
            "師走",
            "年の瀬",
            "新緑",
            "猛暑",
            "残暑",
            "台風",
            "花粉",
            "雪の",
            "春",
            "夏",
            "秋",
            "冬",
        ),
    ),
    Rule(
        "weather",
        "ja",
        r"(?:早いもので|気がつけば|気づけば|いつの間にか|今年も残り|今年もあと"
        r"|年末が近づ|年度末が近づ|もう(?:\d+|[一二三四五六七八九十]+)月)",
        "remarks on the time of year: small talk, not the topic",
        ("早いもので、もう12月ですね。", "今年も残りわずかとなりました。"),
        rescue=True,
        needs=(
            "早いもので",
            "気がつけば",
            "気づけば",
            "いつの間にか",
            "今年も",
            "年末が近",
            "年度末が近",
            "もう",
        ),
    ),
    Rule(
        "recap",
        "ja",
        r"(?:前回|前々回|以前|先日|先週|先月)の(?:記事|ブログ|投稿|エントリー?)(?:では|で|は|に|を)",
        "recaps an earlier post: what that article was about, not this one",
        ("前回の記事では、事業計画書の書き方を紹介しました。",),
        needs=("前回", "前々回", "以前", "先日", "先週", "先月"),
    ),
    Rule(
        "recap",
        "ja",
        r"(?:前回|前々回|以前)(?:は|に|も)?[^。]{0,40}?(?:書きました|お話し(?:し)?ました"
        r"|(?:ご)?紹介しました|解説しました|お伝えしました|取り上げました|触れました)",
        "recaps an earlier post",
        ("前回は、資金繰り表の基本についてお話ししました。",),
        needs=("前回", "前々回", "以前"),
    ),
    Rule(
        "sign_off",
        "ja",
        r"(?:それでは|では|ぜひ|是非)?[、,]?\s*(?:最後まで(?:お読み|読んで|お付き合い)"
        r"|よろしくお願い(?:いた)?します|また(?:次回|来週|お会いしましょう))",
        "a sign-off or an invitation to read on: says nothing of the topic",
        ("ぜひ最後までお読みください。", "それでは、最後までお付き合いください。"),
        needs=("最後まで", "よろしくお願い", "また次回", "また来週", "またお会い"),
    ),
    Rule(
        "sign_off",
        "ja",
        r"[^。]{0,40}?(?:参考になれば幸いです|お役に立てれば幸いです|お付き合いください)",
        "a closing courtesy: says nothing of the topic",
        ("少しでも参考になれば幸いです。",),
        needs=("幸いです", "お付き合いください"),
    ),
    # --- English -------------------------------------------------------------
    Rule(
        "greeting",
        "en",
        r"(?i:(?:hi|hello|hey|greetings|good (?:morning|afternoon|evening)"
        r"|happy (?:new year|monday|friday|holidays)|welcome back)"
        r"(?:\s+(?:everyone|everybody|all|there|folks|friends|readers|again))?"
        r"(?:\s+to\s+(?:the|my|our)\s+blog)?(?=[,.!]|\s*$))",
        "a greeting: every article could open with it",
        ("Hello everyone!", "Hi all,", "Happy New Year!", "Welcome back to the blog."),
        ("Hello World is the first program most people write.",),
        needs=(
            "hi ",
            "hi,",
            "hi!",
            "hello",
            "hey",
            "greetings",
            "good morning",
            "good afternoon",
            "good evening",
            "happy",
            "welcome back",
        ),
    ),
    Rule(
        "self_intro",
        "en",
        r"(?:(?i:i'm|i am|my name is|this is)\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?"
        r"(?=[,.!]|\s+(?:here|from|and)\b))",
        "introduces the author, who is the same in every article",
        (
            "I'm Ken Sato, a small-business consultant in Osaka.",
            "My name is Emma Hill.",
        ),
        ("I am convinced that most plans fail on cash.",),
        needs=("i'm ", "i am ", "my name is", "this is "),
    ),
    Rule(
        "thanks",
        "en",
        r"(?i:(?:thank you|thanks)(?:\s+(?:so|very)\s+much)?"
        r"(?:\s+(?:all|everyone|again|folks))?(?:[,.!]|\s+for\b))",
        "thanks the readers: true of every article",
        (
            "Thank you for reading this blog.",
            "Thanks for all the feedback on my last post.",
        ),
        ("Thanks to the new subsidy rules, more firms qualify.",),
        needs=("thank",),
    ),
    Rule(
        "weather",
        "en",
        r"(?i:(?:it's|it is|it has been|it's been|what a)\s+"
        r"(?:(?:getting|so|really)\s+)?"
        r"(?:cold|hot|chilly|warm|rainy|snowy|freezing|humid|beautiful|lovely|wet)\b"
        r"|(?:spring|summer|autumn|fall|winter) (?:is|has) "
        r"(?:here|finally|arrived|come)"
        r"|the (?:cherry blossoms|leaves|days|nights|mornings) are"
        r"|can you believe (?:it's|it is) already|time flies"
        r"|where did the (?:year|summer|month) go)",
        "remarks on the weather or the season: small talk, not the topic",
        ("It's getting cold out there.", "Can you believe it's already December?"),
        rescue=True,
        needs=(
            "it's",
            "it is",
            "what a",
            "spring",
            "summer",
            "autumn",
            "fall",
            "winter",
            "the cherry",
            "the leaves",
            "the days",
            "the nights",
            "the mornings",
            "can you believe",
            "time flies",
            "where did the",
        ),
    ),
    Rule(
        "recap",
        "en",
        r"(?i:(?:in|on) (?:my|the|our) (?:last|previous|earlier) (?:post|article|entry)"
        r"|as (?:i|we) (?:wrote|mentioned|said|explained|discussed|promised)"
        r"|last (?:week|time|month),? (?:i|we) "
        r"(?:wrote|talked|looked|covered|discussed)"
        r"|(?:previously|a while ago),? (?:i|we) (?:wrote|talked|covered|discussed))",
        "recaps an earlier post: what that article was about, not this one",
        ("In my last post, I covered the basics of cash-flow tables.",),
        needs=(
            "in my",
            "in the",
            "in our",
            "on my",
            "on the",
            "on our",
            "as i ",
            "as we ",
            "last week",
            "last time",
            "last month",
            "previously",
            "a while ago",
        ),
    ),
    Rule(
        "sign_off",
        "en",
        r"(?i:see you|until next time|stay tuned|that's (?:all|it) for (?:today|now)"
        r"|talk soon|have a (?:great|nice|good) (?:day|week|weekend)"
        r"|(?:please )?(?:read|stay) (?:on|until the end)|hope (?:this|it) helps)",
        "a sign-off or an invitation to read on: says nothing of the topic",
        ("Stay tuned.", "Hope this helps!"),
        needs=(
            "see you",
            "until next",
            "stay tuned",
            "that's all",
            "that's it",
            "talk soon",
            "have a ",
            "read on",
            "stay on",
            "read until",
            "stay until",
            "hope this",
            "hope it",
        ),
    ),
)

# A point cue: the author says what the article is about. A sentence with one
# is preferred, and a phatic clause before one (「こんにちは、今回は…」) is
# trimmed rather than the whole sentence passed over. Plain phrases, not
# patterns (found by str.find: og:description looks for them on every page);
# English ones in lower case, compared with the text in lower case.
POINT_CUES: dict[str, tuple[str, ...]] = {
    "ja": (
        "今回は", "今回の記事では", "今日は", "本日は", "この記事では", "本記事では",
        "このブログでは", "ここでは", "今回、", "今日、",
    ),
    "en": (
        "today i ", "today, i ", "today we ", "today, we ", "in this post",
        "in this article", "in this piece", "in this entry", "this post is about",
        "this post explains", "this post covers", "this post shows",
        "this article explains", "this article covers", "here's how", "here is how",
        "here's what", "here is what", "here's why", "here is why",
    ),
}  # fmt: skip
