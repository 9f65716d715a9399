"""What a claim commits to: its numbers, the places it names (in English or Arabic, found in Arabic) and its words."""
from __future__ import annotations

from retrieval.constraints import of_claim, numbers
from retrieval.gazetteer import arabic_places, found_in, named_places


def test_numbers_are_read_from_digits_and_from_number_words_in_both_languages():
    assert numbers("Who said 45 fighters and five founders were executed in 2015?") == {45.0, 5.0, 2015.0}
    assert numbers("وصل مصاباً بثلاث رصاصات بعد خمسة أيام من مقتل 1,800 شخص") == {3.0, 5.0, 1800.0}
    assert numbers("Who said one of the ministers resigned?") == frozenset()  # "one of" names no number


def test_thousands_and_millions_are_read_as_their_product_in_both_languages():
    assert numbers("more than two thousand soldiers and 2.9 million barrels") == {2000.0, 2.9e6}
    assert numbers("يفوق عددها ألفي جندي وثلاثة آلاف متطوع و500 مليار دولار") == {2000.0, 3000.0, 500e9}
    assert 100000.0 in numbers("انخفضت إلى ما دون 100.000 برميل باليوم")  # a dot between thousands
    assert numbers("ألف جندي ومليون دولار") == {1000.0, 1e6} and numbers("2.01 million") == numbers("2,010,000")
    assert numbers("500 بليون") == numbers("500 billion")


def test_a_claims_two_is_not_required_for_arabic_writes_it_as_a_dual():
    killed = of_claim("those killed were four civilians and two police officers")
    assert killed.numbers == {4.0}
    assert killed.met_by("القتلى أربعة مدنيين وشرطيان", "القتلى أربعة مدنيين وشرطيان")


def test_an_english_place_and_its_adjective_are_found_in_arabic():
    assert named_places("Who said Egyptian forces entered Saudi Arabia from Baghdad?") == [
        ("egypt",), ("saudi", "arabia"), ("baghdad",)]
    assert found_in(("egypt",), "أكدت الخارجية المصرية") and found_in(("saudi", "arabia"), "قالت السعودية")
    assert found_in(("libya",), "في الأراضي الليبية") and found_in(("libya",), "ليبيا")
    assert not found_in(("iran",), "قالت الخارجية المصرية")
    assert found_in(("italy",), "Italian troops are in Misrata")  # an English text by its English name


def test_an_arabic_text_names_a_place_by_all_of_its_own_words_in_their_forms():
    assert arabic_places("قال إن السعودية أرادت إيصال رسالة بأن علاقتها بمصر وبالعراق أقوى") == [
        ("egypt",), ("iraq",), ("saudi", "arabia")]
    assert arabic_places("الحوثيون يخفون الصواريخ في دار سعد") == []  # one word of الدار البيضاء
    assert arabic_places("قال بأن الحطام يعود للطائرة") == []  # بأن is not the end of ألبانيا
    assert arabic_places("رفع الاتحاد شكوى إلى الفيفا") == []  # a small town's name is matched only as written
    assert named_places("Who said SABIC sold a plant to Ma'aden?") == []  # not Aden
    assert named_places("Who said Iran's army entered Saudi Arabia's border?") == [("iran",), ("saudi", "arabia")]
    assert arabic_places("أعلنت وزارة المالية أن سور المدينة رمم") == []  # not Mali, not Syria


def test_a_statement_meets_a_claim_only_with_its_numbers_places_and_enough_of_its_words():
    def met(constraints, said: str, passage: str = "") -> bool:
        return constraints.met_by(said, passage or said)

    english = of_claim("Iran could absorb 500 billion dollars of Egyptian investment")
    assert met(english, "قال سيف إن إيران يمكنها استيعاب 500 مليار دولار من الاستثمارات المصرية")
    assert not met(english, "قال سيف إن إيران يمكنها استيعاب 200 مليار دولار من الاستثمارات المصرية")
    assert not met(english, "قال سيف إن إيران يمكنها استيعاب 500 مليار دولار من الاستثمارات التركية")
    arabic = of_claim("الحوثيين يخفون صواريخ الكاتيوشا بين الأشجار في دار سعد")
    assert met(arabic, "وقال المصدر إن الحوثيين يخبئون صواريخ كاتيوشا بين أشجار منطقة دار سعد")
    assert not met(arabic, "وقال المصدر إن الحوثيين قصفوا مستشفى المدينة")


def test_the_places_of_a_claim_are_looked_for_in_the_passage_around_the_statement():
    fled = of_claim("نائب الرئيس الإيراني الأسبق فر إلى أذربيجان هربا من ملفات الفساد")
    passage = "في طهران، أعلنت مصادر إيرانية عن هروب نائب الرئيس الإيراني الأسبق هربا من ملفات الفساد إلى تركيا."
    assert not fled.met_by("أعلنت مصادر إيرانية عن هروب نائب الرئيس الإيراني الأسبق هربا من ملفات الفساد", passage)
    said = "وقال إن الشركة لا تنوي الاستثمار في السوق حاليا"
    iran = of_claim("sabic has no plan to invest in the Iranian market")
    assert iran.met_by(said, "سئل البنيان عن السوق الإيرانية. " + said)
    assert not iran.met_by(said, said)


def test_where_a_statement_stands_is_its_passage_with_its_articles_title_and_lede():
    from index.article import Span
    from index.read_side import ArticleRecord, Provenance
    from retrieval.attribution import surroundings

    said = "صبيحي رجاله دخلوا مقر قيادة المنطقة العسكرية"
    aden = of_claim("رجاله دخلوا مقر قيادة المنطقة العسكرية في عدن")
    for title, lede in (("معارك في عدن", "أعلنت المقاومة استعادة الميناء."),
                        ("معارك الميناء", "عدن - أعلنت المقاومة استعادة الميناء.")):
        text = f"{lede} وقال صبيحي إن رجاله دخلوا مقر القيادة. وتابع أن المعارك مستمرة."
        article = ArticleRecord("a1", text, ((Span(0, len(lede)), None),), (), Provenance(title=title))
        where = surroundings(article, "وقال صبيحي إن رجاله دخلوا مقر القيادة.")
        assert aden.met_by(said, where)  # the place in the title only, then in the lede only
        assert not of_claim("رجاله دخلوا مقر القيادة في بغداد").met_by(said, where)
    article = ArticleRecord("a1", "خبر. وقال صبيحي إن رجاله دخلوا.", ((Span(0, 4), None),), (), Provenance(title="خبر"))
    assert not aden.met_by(said, surroundings(article, "وقال صبيحي إن رجاله دخلوا."))


def test_an_arabic_claims_stems_shorter_than_three_letters_are_not_its_terms():
    claim = of_claim("حزب الله يواصل تعطيل انتخاب رئيس الجمهورية ما دام قد انتصر")
    terms = set().union(*claim.words)
    assert all(len(term) >= 3 for term in terms)
    assert "له" not in terms  # the light stem of الله


def test_an_english_claims_words_are_met_through_the_arabic_words_of_news():
    recalled = of_claim("Egypt had recalled its ambassador from Washington in protest at US interference")
    assert len(recalled.words) >= 4  # recall, ambassador, protest, interference
    held = "وقال المصدر إن مصر استدعت سفيرها في واشنطن احتجاجا على التدخل الأميركي"
    assert recalled.met_by(held, held)
    other = "وقال المصدر إن مصر تلقت ببالغ الضيق تصريحات المسؤولين في واشنطن"
    assert not recalled.met_by(other, other)


def test_an_english_claim_with_few_words_the_lexicon_knows_is_not_held_to_them():
    from retrieval.constraints import MIN_KNOWN_WORDS
    from retrieval.news_words import in_arabic

    three = "the ambassador was recalled in protest"  # ambassador, recall, protest
    assert len(in_arabic(three)) == MIN_KNOWN_WORDS - 1 and of_claim(three).words == ()
    four = three + " at the interference"
    assert len(of_claim(four).words) == MIN_KNOWN_WORDS


def test_a_verb_meets_its_other_persons_and_its_future():
    from retrieval.constraints import shared_words
    from retrieval.news_words import in_arabic

    host = in_arabic("host")
    for said in ("ستستضيف الصين الجولة", "تستضيف الصين الجولة", "يستضيف البلد الجولة", "استضافت الصين الجولة"):
        assert shared_words(host, said) == 1.0, said
    assert shared_words(host, "زارت الصين الجولة") == 0.0
    # a noun may lose its first letter as a verb would (تقاليد → قاليد), but a verb stem meets only another whole
    assert shared_words((frozenset({"تقاليد"}),), "وقال المتحدث إن الوفد وصل") == 0.0
    assert shared_words((frozenset({"تحقيق"}),), "وقال إن الحقيقة واضحة") == 0.0  # حقيق is no verb stem there


def test_every_line_of_the_lexicon_is_an_english_word_and_arabic_words():
    import re
    from importlib import resources

    from index import analyze

    lines = resources.files("retrieval").joinpath("news_words.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 2000
    for line in lines:
        english, arabic = line.split("\t")
        assert re.fullmatch(r"[a-z]+", english), line
        assert len(analyze.terms(english)) == 1, line  # a stop word would be read as nothing
        assert all(re.fullmatch(r"[\u0621-\u064a]+", form) for form in arabic.split(" | ")), line


def test_english_words_written_by_one_arabic_word_count_once():
    from retrieval.news_words import in_arabic

    assert len(in_arabic("protest demonstration")) == 1  # both مظاهرة
    assert len(in_arabic("protest ambassador")) == 2
