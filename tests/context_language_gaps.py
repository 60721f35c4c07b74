"""Sentences of tests/test_context_languages.py that the engine does not yet get right in full, and why
(measured when the Russian, Turkish, Hebrew, Arabic, Persian, Hindi and Mandarin cue files were written; the
test marks them as expected failures, strictly, so that a fix shows). ``python benchmarks/context_languages.py
--misses`` lists them with what the engine said."""

#: The detectors find nothing hateful in it (the multilingual classifier and lexicons miss it): no stance to judge.
DETECTOR_NONE = "the detectors find no hateful words here"
#: Flagged and endorsed, but the multilingual classifier's score stays under the "remove" bar, or under the flag.
BELOW_REMOVE = "flagged and endorsed, but the multilingual score is below the remove bar"
NOT_FLAGGED = "the multilingual classifier scores it below the hateful bar"
#: Attributed to its speaker and not counted, but the hate finding scores under the review bar, so the policy records
#: no reported hate (the tests ask that the reported hate name the speaker).
REPORTED_BELOW_REVIEW = "attributed, but the hate score is under the review bar: no reported hate is recorded"
#: Romanised Hindi is guessed right but not confidently, so the English cues judge it.
LOW_CONFIDENCE = "romanised Hindi is guessed with low confidence, so the English cues judge it"
OTHER = "stance not read"

GAPS = {
    'Беженцы — это саранча, которая сожрёт всё.': BELOW_REMOVE,
    'Чурки не люди, а животные.': NOT_FLAGGED,
    'Таджики — грязные животные, гнать их надо.': BELOW_REMOVE,
    'Suriyeliler hamam böceği gibi, hepsi defolup gitmeli.': BELOW_REMOVE,
    'Göçmenler fare gibi çoğalıyor, bunlar haşere.': NOT_FLAGGED,
    'Çingeneler asalak, hepsi hırsız.': BELOW_REMOVE,
    'Afganlar bir vebadır, sınır dışı edilmeli.': BELOW_REMOVE,
    'הפליטים הם מכת ארבה, צריך לגרש את כולם.': BELOW_REMOVE,
    'המסתננים הם סרטן בגוף האומה.': BELOW_REMOVE,
    'הערבים הם חיות, לא בני אדם.': BELOW_REMOVE,
    'האתיופים הם מכרסמים, צריך לזרוק אותם מכאן.': NOT_FLAGGED,
    'اللاجئون السوريون حشرات يجب طردهم.': BELOW_REMOVE,
    'المهاجرون الأفارقة وباء على بلادنا.': BELOW_REMOVE,
    'الغجر طفيليات وحرامية.': NOT_FLAGGED,
    'هؤلاء اللاجئون جرذان ويجب طردهم من هنا.': BELOW_REMOVE,
    'افغانی\u200cها سوسک هستند و باید از ایران بیرونشان کرد.': BELOW_REMOVE,
    'بهایی\u200cها انگل جامعه\u200cاند.': BELOW_REMOVE,
    'همجنس\u200cگراها بیمار و منحرف\u200cاند.': BELOW_REMOVE,
    'این پناهجوها حشره\u200cاند، نه انسان.': BELOW_REMOVE,
    'बांग्लादेशी घुसपैठिए कीड़े-मकोड़े हैं।': BELOW_REMOVE,
    'दलित गंदे जानवर हैं।': NOT_FLAGGED,
    'ye musalman deemak hain, inko desh se nikalo': LOW_CONFIDENCE,
    'rohingya keede makode hain, sabko bhagao': LOW_CONFIDENCE,
    'ये प्रवासी बीमारी हैं, इन्हें भगाओ।': BELOW_REMOVE,
    '难民都是害虫，应该把他们赶出去。': BELOW_REMOVE,
    '维吾尔人是寄生虫。': BELOW_REMOVE,
    'מי שכותב ״המסתננים הם סרטן״ הוא גזען, וזה מביש.': DETECTOR_NONE,
    'elly bey2ol en el lage2een 7asharat da 3onsory w 3eib': DETECTOR_NONE,
    'musalmanon ko deemak kehna sharmnaak hai, ye nafrat hai': LOW_CONFIDENCE,
    'jo log rohingya ko keede kehte hain woh nafrat phaila rahe hain, ye galat hai': LOW_CONFIDENCE,
    '称维吾尔人为寄生虫是仇恨言论，我们坚决反对。': DETECTOR_NONE,
    'Депутат заявил, что мигранты — тараканы.': REPORTED_BELOW_REVIEW,
    'Министр написал в телеграме, что беженцы — саранча.': REPORTED_BELOW_REVIEW,
    'השר כתב בטוויטר שהעובדים הזרים הם טפילים.': DETECTOR_NONE,
    'לדברי חבר המועצה כהן, "הערבים הם חיות".': DETECTOR_NONE,
    "הפעיל טען בהפגנה כי המהגרים הם ג'וקים.": REPORTED_BELOW_REVIEW,
    'كتب الوزير على تويتر أن الغجر طفيليات.': DETECTOR_NONE,
    'نماینده مجلس گفت که افغانی\u200cها سوسک هستند.': REPORTED_BELOW_REVIEW,
    'وزیر در توییتر نوشت که بهایی\u200cها انگل\u200cاند.': DETECTOR_NONE,
    'مجری تلویزیون گفت: «عرب\u200cها وحشی\u200cاند».': REPORTED_BELOW_REVIEW,
    'سخنگوی حزب اعلام کرد پناهجوها حشره\u200cاند.': REPORTED_BELOW_REVIEW,
    'सांसद ने कहा कि मुसलमान दीमक हैं।': REPORTED_BELOW_REVIEW,
    'मंत्री ने रैली में कहा: "रोहिंग्या परजीवी हैं।"': DETECTOR_NONE,
    'विधायक ने ट्वीट किया कि बांग्लादेशी घुसपैठिए कीड़े हैं।': REPORTED_BELOW_REVIEW,
    '一名博主在微博上写道：“黑人就是猴子。”': REPORTED_BELOW_REVIEW,
    '发言人对记者说：“维吾尔人是寄生虫。”': REPORTED_BELOW_REVIEW,
    '评论员在节目里说日本人都是畜生。': REPORTED_BELOW_REVIEW,
    'Мигранты не тараканы, они такие же люди, как мы.': DETECTOR_NONE,
    'Таджики вовсе не животные, это люди, которые у нас работают.': DETECTOR_NONE,
    'Hiç kimse eşcinsellere sapık dememeli.': DETECTOR_NONE,
    'הפליטים אינם מכת ארבה, הם בני אדם כמונו.': DETECTOR_NONE,
    "המהגרים אינם ג'וקים, הם שכנים שלנו.": DETECTOR_NONE,
    'اللاجئون ليسوا حشرات، إنهم بشر مثلنا.': DETECTOR_NONE,
    'لا أحد يجب أن يصف اليهود بالخنازير.': DETECTOR_NONE,
    'المهاجرون ليسوا وباء، بل جيران لنا.': DETECTOR_NONE,
    'المثليون ليسوا مرضاً.': DETECTOR_NONE,
    'هیچ\u200cکس نباید به بهایی\u200cها بگوید انگل.': DETECTOR_NONE,
    'عرب\u200cها حیوان نیستند، آدم\u200cاند مثل ما.': DETECTOR_NONE,
    'प्रवासी कोई बीमारी नहीं हैं।': DETECTOR_NONE,
}
