"""Words that mark reported speech in Arabic and English news: reporting verbs, role nouns and titles, and
every form derived from them, written as the text has them and reduced as they are looked up."""
from __future__ import annotations

from typing import NamedTuple

from index.analyze import normalize
from index.statements.keys import key, light, strip_al


def _words(text: str) -> frozenset[str]:
    """The words of a space-separated list."""
    return frozenset(text.split())


# Reporting verbs: masculine past, feminine past, masculine imperfect, whether they deny.
# The plural past (قالوا), feminine imperfect (تقول) and plural imperfect (يقولون) are derived from these.
ARABIC_VERBS = [
    ("قال", "قالت", "يقول", False),
    ("أكد", "أكدت", "يؤكد", False),
    ("اكد", "اكدت", "", False),
    ("أوضح", "أوضحت", "يوضح", False),
    ("اوضح", "اوضحت", "", False),
    ("أشار", "أشارت", "يشير", False),
    ("اشار", "اشارت", "", False),
    ("أضاف", "أضافت", "يضيف", False),
    ("اضاف", "اضافت", "", False),
    ("كشف", "كشفت", "يكشف", False),
    ("اعتبر", "اعتبرت", "يعتبر", False),
    ("رأى", "رأت", "يرى", False),
    ("صرح", "صرحت", "يصرح", False),
    ("أعلن", "أعلنت", "يعلن", False),
    ("اعلن", "اعلنت", "", False),
    ("ذكر", "ذكرت", "", False),
    ("لفت", "لفتت", "يلفت", False),
    ("شدد", "شددت", "يشدد", False),
    ("حذر", "حذرت", "يحذر", False),
    ("زعم", "زعمت", "يزعم", False),
    ("ادعى", "ادعت", "يدعي", False),
    ("أفاد", "أفادت", "يفيد", False),
    ("افاد", "افادت", "", False),
    ("توقع", "توقعت", "يتوقع", False),
    ("أعرب", "أعربت", "يعرب", False),
    ("تابع", "تابعت", "", False),
    ("أردف", "أردفت", "", False),
    ("ألمح", "ألمحت", "يلمح", False),
    ("رجح", "رجحت", "", False),
    ("ربط", "ربطت", "", False),
    ("علق", "علقت", "", False),
    ("اعترف", "اعترفت", "يعترف", False),
    ("استبعد", "استبعدت", "يستبعد", False),
    ("وصف", "وصفت", "يصف", False),
    ("نفى", "نفت", "ينفي", True),
    ("أنكر", "أنكرت", "ينكر", True),
    ("كذب", "كذبت", "يكذب", True),
    ("بين", "بينت", "", False),
    ("أبان", "أبانت", "", False),
    ("أقر", "أقرت", "يقر", False),
    ("نوه", "نوهت", "", False),
    ("تساءل", "تساءلت", "يتساءل", False),
    ("دعا", "دعت", "يدعو", False),
    ("طالب", "طالبت", "يطالب", False),
    ("حث", "حثت", "يحث", False),
]

# Verbs of a call or demand (`دعا X إلى`, `طالب X بـ`): what they report is the call, after إلى or a word with ب;
# they report after و/ف or at the start of a sentence or clause only (طالب is also "student").
DIRECTIVE_VERBS = ("دعا", "طالب", "حث")

# Verbs that report only after و/ف and when what was said follows them marked (أن, a colon, a quotation): as
# words they are also a preposition (بين) or say something other than speech (أقر القانون).
MARKED_ONLY_VERBS = ("بين", "أبان", "أقر", "نوه", "تساءل")

# Verbs whose object is what they describe (`ووصفها بأنها «عمل إجرامي»`): they report only what follows
# بأن/بأنه, a colon or a quotation, and may carry their object as a pronoun.
DESCRIBING_VERBS = ("وصف",)
OBJECT_PRONOUNS = ("ه", "ها", "هم", "هما")

# Verbs that report speech only when negated: "لم يستبعد أن" asserts a possibility.
NEGATED_ASSERTING = ("يستبعد", "تستبعد", "استبعد", "استبعدت", "يستبعدون", "استبعدوا")

# Active participles that continue the same speaker's sentence: "، مشيرا إلى أن".
PARTICIPLES = ["مضيف", "مشير", "مؤكد", "لافت", "محذر", "موضح", "معتبر", "منوه", "مبين", "مرجح", "نافي", "مشدد"]
DENYING_PARTICIPLES = ("نافي",)
# Participles that are also adjectives (إجراءات مشددة, "tightened"): they report only before على, أن or a colon.
MARKED_PARTICIPLES = ("مشدد",)

# Prepositional attributions: "بحسب وزارة الداخلية"; longer forms first.
ARABIC_ACCORDING = [
    r"وفق(?:ا|اً|ًا)? ?لما (?:ذكره|ذكرته|أورده|أوردته|أفاد به|أعلنه|أعلنته|قاله|قالته)",
    r"(?:ب)?حسب ?ما (?:ذكر|ذكرت|أفاد|أفادت|أعلن|أعلنت|قال|قالت|أورد|أوردت|نقل|نقلت)",
    r"نقل(?:ا|اً|ًا) عن",
    r"على حد (?:قول|تعبير)",
    r"وفق(?:ا|اً|ًا) ?(?:ل|لـ)",
    r"طبق(?:ا|اً|ًا) ?(?:ل|لـ)",
    r"بحسب",
    r"حسب",
]

ENGLISH_VERBS = {
    "said": False, "says": False, "told": False, "stated": False, "claimed": False, "claims": False,
    "added": False, "warned": False, "announced": False, "insisted": False, "argued": False,
    "denied": True, "denies": True, "rejected": True,
}

# Words that close the quoted or reported content's introduction (أن and its forms).
COMPLEMENTIZERS = (
    "أن إن ان بأن بان أنه إنه انه بأنه أنها إنها انها بأنها أنهم إنهم انهم بأنهم أنهما إنهما أننا إننا"
).split()

# Nouns heading a description of the speaker (stored without ال; accusative/dual/plural endings are stripped).
ROLE_NOUNS = _words("""
    ناطق متحدث متحدثه وزير وزيره رئيس رئيسه نائب باحث باحثه ناشط ناشطه محلل خبير مصدر مصادر مسؤول مسؤوله
    قائد زعيم عضو مدير مديره مدرب سفير أمين مستشار مبعوث ممثل مندوب قيادي طبيب مسعف شاهد شهود أستاذ مفتي
    محافظ أمير ملك عميد مساعد وكيل مدعي مراسل كاتب محامي قاضي ضابط داعيه إعلامي صحفي مفوض منسق رئيس
    محقق أمين عام مراقب دبلوماسي قائم مسؤولو خبراء محللون ناشطون مراقبون دبلوماسيون
""")

# Role nouns that, written without ال at the start of a subject, stand for an unnamed source.
ANONYMOUS_HEADS = _words("""
    مصدر مصادر مسؤول مسؤوله مسؤولون مسؤولين مسؤولو متحدث متحدثه مسعف شاهد شهود قيادي قياديان قياديون ناشط
    ناشطون خبير خبراء محلل محللون مراقب مراقبون دبلوماسي دبلوماسيون
""")

# Nouns for unattributed reports (`ذكرت أنباء عن زيارة`): a statement only when what they said follows
# (أن, a colon or a quotation), never for a mere topic.
HEARSAY_HEADS = _words("أنباء أخبار تقارير معلومات")

# The singular ones among them: a later bare `مسؤول` is the official met before, a bare `مصادر` any sources.
SINGLE_ANONYMOUS_HEADS = _words("مصدر مسؤول مسؤوله متحدث متحدثه مسعف شاهد قيادي ناشط خبير محلل مراقب دبلوماسي")

# Nouns heading an organisation or a collective speaker.
ORGANISATION_HEADS = _words("""
    وزاره هيئه لجنه عائله أسره حكومه رئاسه مجلس جامعه شركه بعثه قوات سلطات وكاله صحيفه منظمه جمعيه مؤسسه
    مكتب اداره إداره شرطه جيش حركه حزب جماعه تقارير أنباء بيان تحقيقات نيابه محكمه سفاره قياده مستشفى
    مركز اتحاد تسجيل رواية روايه مصادر
""")

TITLES = _words("""
    المشير اللواء العميد العقيد الفريق المقدم الرائد النقيب الجنرال الدكتور الشيخ الأمير السيد السيدة
    المهندس الأستاذ الحاج د.
""")
ENGLISH_TITLES = _words("mr mrs ms dr general gen president minister sheikh prince marshal colonel col")

# Parts of compound names: the word after them belongs to the same name (عبد الله، أبو ماريا، ولد الشيخ).
NAME_JOINERS = _words("عبد أبو أبي ابو بن ابن بنت ولد آل ال")
NAME_SECOND_PARTS = _words("الله الدين الرحمن الرحيم")

# Words after a reporting verb that are not its subject: times, places in the discourse, manners.
ADVERBIALS = _words("""
    أمس امس اليوم الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت مساء صباح ليلة أيضا أيضًا أيضاً
    كذلك بدوره بدورها قائلا قائلاً قائلة بقوله بقولها مجددا مجدداً
""")
ADVERBIAL_PHRASES = (
    "في هذا السياق", "في هذا الصدد", "في ذات السياق", "في السياق ذاته", "في نفس الوقت", "في الوقت نفسه",
    "في وقت سابق", "من جهته", "من جهتها", "من جانبه", "من جانبها", "في هذا الإطار",
)

# Words that end the speaker's name when met after it.
SUBJECT_STOPS = _words("""
    الذي التي الذين اللذين اللذان اللتين اللتان وهو وهي خلال عبر أمام بعد قبل إلى الى على عن لدى حيث ضمن
    يوم منذ عقب إثر اثر وفقا وفقاً بحسب حسب حسبما ما ذلك تلك نقلا نقلاً
""")
# "في" ends the name when it opens the setting of the statement rather than part of a description.
SETTING_AFTER_FI = _words("""
    بيان تصريح تصريحات مؤتمر حفل اتصال مقابلة حديث تسجيل وقت هذا ذات نفس تغريدة كلمة لقاء رسالة خطاب
    ختام افتتاح تقرير ندوة اجتماع المؤتمر حوار
""")

# Words that open a fronted adverbial, so what follows them is not the subject of the verb after.
PREPOSITIONS = _words("""
    في من على عن إلى الى مع حول خلال عبر بعد قبل منذ عند لدى ضد نحو وسط بين بالنسبة أثناء إزاء جراء بخصوص بشأن عقب
    إثر رغم بسبب
""")

# Outlets a statement is given to, by their kind or as the agencies named alone: `للصحيفة`, `لرويترز`.
OUTLET_HEADS = _words("""
    صحيفة وكالة قناة موقع تلفزيون إذاعة مجلة شبكة رويترز الأناضول سبوتنيك أسوشيتد الأسوشيتد إرنا سانا كونا
""")

PRONOUN_SUBJECTS_EN = _words("he she they it we i")

# Prepositions with a pronoun joined: they refer to something, they never begin a subject.
PRONOMINAL_PREPOSITIONS = _words("""
    عنه عنها عنهم فيه فيها فيهم منه منها منهم له لها لهم عليه عليها عليهم إليه إليها اليه اليها معه معها
    معهم به بها بهم
""")

# Particles of a clause (negation, future, question, إنّ with its pronoun): a speaker's noun phrase never holds one.
CLAUSE_WORDS = _words("""
    لا لم لن ليس ليست ولم ولن ولا سوف كيف لماذا هل متى فإن فان وإن لكن لكنه لكنها إني إنني انني اني أنني
""")

# Words that are not a name, nor begin the subject or the object of a verb.
FUNCTION_WORDS = "في من على عن إلى الى باسم بإسم لدى و أو مع هذا هذه ذلك تلك أما لهذا لذلك بذلك".split()

# Verbs a who-question may ask with (`من اتهم`, `who accused`) beside the reporting verbs above; their
# given forms only: masculine past, feminine past, masculine imperfect.
ARABIC_QUESTION_VERBS = [
    ("تحدث", "تحدثت", "يتحدث", False), ("وصف", "وصفت", "يصف", False), ("طالب", "طالبت", "يطالب", False),
    ("اتهم", "اتهمت", "يتهم", False), ("هدد", "هددت", "يهدد", False), ("انتقد", "انتقدت", "ينتقد", False),
    ("نقل", "نقلت", "ينقل", False), ("روى", "روت", "يروي", False), ("دعا", "دعت", "يدعو", False),
    ("لمح", "لمحت", "يلمح", False), ("أورد", "أوردت", "يورد", False), ("رفض", "رفضت", "يرفض", True),
]
ENGLISH_QUESTION_VERBS = (
    "say claim state tell announce warn accuse confirm report describe explain expect predict argue insist"
    " reveal suggest allege assert declare blame call criticize criticise threaten promise acknowledge admit"
    " estimate hint mention think believe urge demand disclose add stress emphasize emphasise point note"
)
ENGLISH_QUESTION_DENYING_VERBS = "deny reject dismiss refute"
ENGLISH_QUESTION_IRREGULAR = {"said": False, "told": False, "thought": False, "admitted": False, "admitting": False}


# --- derived forms ------------------------------------------------------------------------------------
class _Conjugation(NamedTuple):
    """The third-person forms of one reporting verb; the imperfect ones are "" when it is read in the past only."""

    past: str
    feminine: str
    plural: str
    present: str
    feminine_present: str
    plural_present: str


def _conjugate(past: str, feminine: str, present: str) -> _Conjugation:
    """The forms of a verb from its masculine past, feminine past and masculine imperfect."""
    plural = past[:-1] + "وا" if past.endswith(("ى", "ي", "ا")) else past + "وا"
    if not present:
        return _Conjugation(past, feminine, plural, "", "", "")
    return _Conjugation(past, feminine, plural, present, "ت" + present[1:], present + "ون")


def _english_forms(verbs: str, denies: bool) -> dict[str, bool]:
    """The written forms of regular verbs: claim → claim, claims, claimed, claiming; deny → denies, denied."""
    forms = {}
    for verb in verbs.split():
        stem = verb[:-1] if verb.endswith("e") else verb
        for form in (verb, verb + "s", stem + "ed", stem + "ing", verb[:-1] + "ies", verb[:-1] + "ied"):
            forms[form] = denies
    return forms


_CONJUGATIONS = [(_conjugate(past, feminine, present), denies) for past, feminine, present, denies in ARABIC_VERBS]


def _normal_forms(verbs: tuple[str, ...]) -> frozenset[str]:
    """Every form of the reporting verbs given by their masculine past, as `analyze.normalize` reads them."""
    return frozenset(normalize(form) for verb, _ in _CONJUGATIONS if verb.past in verbs for form in verb if form)

# As written: every form of a reporting verb, whether it denies; the forms of the describing verbs.
VERB_FORMS = {form: denies for verb, denies in _CONJUGATIONS for form in verb if form}
DESCRIBING_FORMS = [form for verb, _ in _CONJUGATIONS if verb.past in DESCRIBING_VERBS for form in verb if form]

# Normalised: the forms as `analyze.normalize` reads them.
VERBS_NORMAL = {normalize(form): denies for form, denies in VERB_FORMS.items()}
DESCRIBING_NORMAL = frozenset(normalize(form) for form in DESCRIBING_FORMS)
DIRECTIVE_NORMAL = _normal_forms(DIRECTIVE_VERBS)
MARKED_ONLY_NORMAL = _normal_forms(MARKED_ONLY_VERBS)
FEMININE_NORMAL = frozenset(normalize(form) for verb, _ in _CONJUGATIONS
                            for form in (verb.feminine, verb.feminine_present) if form)
PRESENT_NORMAL = frozenset(normalize(form) for verb, _ in _CONJUGATIONS
                           for form in (verb.present, verb.feminine_present) if form)
NEGATED_ASSERTING_NORMAL = frozenset(normalize(w) for w in NEGATED_ASSERTING)
DENYING_PARTICIPLES_NORMAL = tuple(normalize(w) for w in DENYING_PARTICIPLES)
MARKED_PARTICIPLES_NORMAL = tuple(normalize(w) for w in MARKED_PARTICIPLES)
ADVERBIAL_PHRASES_NORMAL = tuple(normalize(p) for p in ADVERBIAL_PHRASES)

# The verbs of a who-question, normalised, and whether they ask who denied.
ARABIC_QUESTION_FORMS = {
    normalize(form): denies
    for past, feminine, present, denies in ARABIC_VERBS + ARABIC_QUESTION_VERBS
    for form in (past, feminine, present) if form
}
ENGLISH_QUESTION_FORMS = {
    **_english_forms(ENGLISH_QUESTION_VERBS, False), **_english_forms(ENGLISH_QUESTION_DENYING_VERBS, True),
    **ENGLISH_QUESTION_IRREGULAR,
}

# Keys (`keys.key`): nouns heading a subject.
ROLE_KEYS = frozenset(key(w) for w in ROLE_NOUNS)
ANONYMOUS_KEYS = frozenset(key(w) for w in ANONYMOUS_HEADS)
SINGLE_ANONYMOUS_KEYS = frozenset(key(w) for w in SINGLE_ANONYMOUS_HEADS)
ORGANISATION_KEYS = frozenset(key(w) for w in ORGANISATION_HEADS)
OUTLET_KEYS = frozenset(key(w) for w in OUTLET_HEADS)
HEARSAY_KEYS = frozenset(key(w) for w in HEARSAY_HEADS)

# Light forms (`keys.light`): the words of names, subjects and settings.
TITLES_LIGHT = frozenset(light(w) for w in TITLES)
JOINERS_LIGHT = frozenset(light(w) for w in NAME_JOINERS)
SECOND_PARTS_LIGHT = frozenset(light(w) for w in NAME_SECOND_PARTS)
ADVERBIALS_LIGHT = frozenset(light(w) for w in ADVERBIALS)
STOPS_LIGHT = frozenset(light(w) for w in SUBJECT_STOPS)
COMPLEMENTIZERS_LIGHT = frozenset(light(w) for w in COMPLEMENTIZERS)
PREPOSITIONS_LIGHT = frozenset(light(w) for w in PREPOSITIONS)
FUNCTION_WORDS_LIGHT = frozenset(light(w) for w in FUNCTION_WORDS)
CLAUSE_WORDS_LIGHT = frozenset(light(w) for w in CLAUSE_WORDS)
PRONOMINAL_PREPOSITIONS_LIGHT = frozenset(light(w) for w in PRONOMINAL_PREPOSITIONS)
SETTINGS_BARE = frozenset(strip_al(light(w)) for w in SETTING_AFTER_FI)
