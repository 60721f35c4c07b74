"""The context stage in German, Spanish, French, Italian, Portuguese, Dutch, Polish, Russian, Turkish, Hebrew,
Arabic (and Arabizi), Persian, Hindi (Devanagari and romanised) and Mandarin: counter-speech, reported speech,
negation and the plain hateful sentence, judged with each language's cue words (hatescope/data/context/<lang>.toml;
docs/CONTEXT.md, "Languages"). Short synthetic sentences written for these tests; every assertion is on the
engine's real output (``hatescope.analyze``).

Before the cue files, the English-only cues removed 20 of the 22 counter-speech sentences of de…pl below and 9 of
the 14 reports. The sentences of ru…zh were written before their cue files, with a quarter of them sealed apart
(tests/cases/sealed/context_languages_sealed.toml); those the engine does not yet get right in full are expected
failures with their reason (tests/context_language_gaps.py), strictly, so that a fix shows.
"""

from __future__ import annotations

import pytest

import hatescope
from tests.context_language_gaps import GAPS
from hatescope import context_cues

LANGUAGES = ("de", "es", "fr", "it", "pt", "nl", "pl", "ru", "tr", "he", "ar", "fa", "hi", "zh")
#: The labels whose stance decides whether a text is hateful, and the insult the classifier adds beside them.
_CHARGED = {"hate", "dehumanization", "incitement", "threat", "antisemitism", "coded_language", "insult"}

#: The plain hateful sentence: flagged, and endorsed by the writer.
HATE = [
    ('de', 'Flüchtlinge sind Ungeziefer und müssen raus.'),
    ('de', 'Diese Flüchtlinge sind Ratten, nichts als Ungeziefer.'),
    ('es', 'Los refugiados son una plaga que hay que echar.'),
    ('es', 'Los inmigrantes son ratas y parásitos.'),
    ('fr', 'Les Roms sont des parasites.'),
    ('fr', 'Il faut expulser tous les Roms de France.'),
    ('it', 'Gli immigrati sono parassiti.'),
    ('it', 'I rom sono feccia e vanno cacciati.'),
    ('pt', 'Os imigrantes são uma praga.'),
    ('pt', 'Os refugiados são ratos e parasitas.'),
    ('nl', 'Vluchtelingen zijn ongedierte.'),
    ('nl', 'Die moslims zijn ratten en parasieten.'),
    ('pl', 'Uchodźcy to robactwo.'),
    ('pl', 'Imigranci to szczury i pasożyty.'),
    ('ru', 'Мигранты — это тараканы, их надо гнать из страны.'),
    ('ru', 'Цыгане — паразиты и воры.'),
    ('ru', 'Беженцы — это саранча, которая сожрёт всё.'),
    ('ru', 'Чурки не люди, а животные.'),
    ('ru', 'Евреи — паразиты на теле народа.'),
    ('ru', 'Таджики — грязные животные, гнать их надо.'),
    ('tr', 'Suriyeliler hamam böceği gibi, hepsi defolup gitmeli.'),
    ('tr', 'Mülteciler bu ülkenin parazitleri.'),
    ('tr', 'Kürtler hayvandır, insan değil.'),
    ('tr', 'Göçmenler fare gibi çoğalıyor, bunlar haşere.'),
    ('tr', 'Çingeneler asalak, hepsi hırsız.'),
    ('tr', 'Afganlar bir vebadır, sınır dışı edilmeli.'),
    ('he', 'הפליטים הם מכת ארבה, צריך לגרש את כולם.'),
    ('he', 'המסתננים הם סרטן בגוף האומה.'),
    ('he', 'הערבים הם חיות, לא בני אדם.'),
    ('he', 'האתיופים הם מכרסמים, צריך לזרוק אותם מכאן.'),
    ('he', 'ההומואים הם מחלה שצריך לעקור.'),
    ('he', "המהגרים הם ג'וקים ומזיקים."),
    ('ar', 'اللاجئون السوريون حشرات يجب طردهم.'),
    ('ar', 'اليهود خنازير وقردة.'),
    ('ar', 'المهاجرون الأفارقة وباء على بلادنا.'),
    ('ar', 'الغجر طفيليات وحرامية.'),
    ('ar', 'المثليون مرض يجب استئصاله.'),
    ('ar', 'هؤلاء اللاجئون جرذان ويجب طردهم من هنا.'),
    ('fa', 'افغانی\u200cها سوسک هستند و باید از ایران بیرونشان کرد.'),
    ('fa', 'بهایی\u200cها انگل جامعه\u200cاند.'),
    ('fa', 'عرب\u200cها وحشی و حیوان هستند.'),
    ('fa', 'یهودی\u200cها موش\u200cهای کثیف هستند.'),
    ('fa', 'همجنس\u200cگراها بیمار و منحرف\u200cاند.'),
    ('fa', 'این پناهجوها حشره\u200cاند، نه انسان.'),
    ('hi', 'ये मुसलमान दीमक हैं, इन्हें देश से निकालो।'),
    ('hi', 'बांग्लादेशी घुसपैठिए कीड़े-मकोड़े हैं।'),
    ('hi', 'दलित गंदे जानवर हैं।'),
    ('hi', 'ye musalman deemak hain, inko desh se nikalo'),
    ('hi', 'rohingya keede makode hain, sabko bhagao'),
    ('hi', 'ये प्रवासी बीमारी हैं, इन्हें भगाओ।'),
    ('zh', '难民都是害虫，应该把他们赶出去。'),
    ('zh', '黑人就是猴子，根本不是人。'),
    ('zh', '穆斯林是毒瘤，必须清除。'),
    ('zh', '同性恋是一种病，是社会的垃圾。'),
    ('zh', '日本人都是畜生。'),
    ('zh', '维吾尔人是寄生虫。'),
]
#: Condemning a dehumanising claim about a group, quoting or naming it: counter-speech, not removed.
COUNTER = [
    ('de', 'Wer Flüchtlinge als Ungeziefer bezeichnet, ist ein Rassist. Das ist widerlich.'),
    ('de', 'Ich verurteile es, Flüchtlinge Ungeziefer zu nennen.'),
    ('de', 'Hört auf, Flüchtlinge als Ratten zu bezeichnen, das ist menschenverachtend.'),
    ('es', 'Decir que los refugiados son una plaga es racista y vergonzoso.'),
    ('es', 'Condeno a quienes llaman ratas a los inmigrantes.'),
    ('es', 'Dejen de llamar plaga a los refugiados, es deshumanizante.'),
    ('fr', 'Dire que les Roms sont des parasites est ignoble et raciste.'),
    ('fr', 'Je condamne ceux qui traitent les migrants de vermine.'),
    ('fr', "Arrêtez de traiter les Roms de parasites, c'est honteux."),
    ('it', 'Chi chiama parassiti gli immigrati è un razzista, ed è vergognoso.'),
    ('it', 'Condanno chi definisce gli immigrati parassiti.'),
    ('it', 'Smettetela di chiamare parassiti gli immigrati, è disumanizzante.'),
    ('pt', 'Dizer que os imigrantes são uma praga é racista e vergonhoso.'),
    ('pt', 'Condeno quem chama os refugiados de ratos.'),
    ('pt', 'Parem de chamar os imigrantes de praga, é desumanizante.'),
    ('nl', 'Wie vluchtelingen ongedierte noemt, is een racist. Dat is walgelijk.'),
    ('nl', 'Ik veroordeel het om vluchtelingen ongedierte te noemen.'),
    ('nl', 'Stop met vluchtelingen ratten te noemen, het is ontmenselijkend.'),
    ('pl', 'Nazywanie uchodźców robactwem jest rasistowskie i obrzydliwe.'),
    ('pl', 'Potępiam tych, którzy nazywają imigrantów szczurami.'),
    ('pl', 'Przestańcie nazywać uchodźców robactwem, to haniebne.'),
    ('pl', 'Nieprawda, że uchodźcy to robactwo.'),
    ('ru', 'Называть мигрантов тараканами — это отвратительно и расизм.'),
    ('ru', 'Кто пишет «цыгане — паразиты», тот просто расист. Это мерзко.'),
    ('ru', 'Я осуждаю тех, кто называет беженцев крысами.'),
    ('ru', 'Фраза «мигранты — это саранча» — позор для нашего парламента.'),
    ('ru', 'Перестаньте называть таджиков животными, это бесчеловечно.'),
    ('ru', 'Говорить, что геи — болезнь, мерзко и недопустимо.'),
    ('tr', 'Suriyelilere hamam böceği demek ırkçılıktır ve utanç vericidir.'),
    ('tr', '"Mülteciler parazittir" diyenleri kınıyorum.'),
    ('tr', 'Göçmenleri fareye benzetmek iğrenç bir nefret söylemi.'),
    ('tr', 'Çingenelere asalak demeyi bırakın, bu insanlık dışı.'),
    ('tr', '"Afganlar vebadır" sözü utanç verici ve yanlış.'),
    ('tr', 'Eşcinsellere sapık demek nefret söylemidir, bunu şiddetle kınıyoruz.'),
    ('he', 'לקרוא לפליטים "מכת ארבה" זו גזענות מגעילה.'),
    ('he', 'אני מגנה את מי שקורא לערבים חיות.'),
    ('he', 'מי שכותב ״המסתננים הם סרטן״ הוא גזען, וזה מביש.'),
    ('he', 'הטענה שההומואים הם מחלה היא שקר מסוכן.'),
    ('he', "להשוות מהגרים לג'וקים זה מזעזע ופסול."),
    ('he', 'אסור לקרוא לחרדים טפילים, זו הסתה.'),
    ('ar', 'وصف اللاجئين بالحشرات عنصرية مقززة.'),
    ('ar', 'أدين كل من يقول إن اليهود خنازير.'),
    ('ar', 'من يكتب «المهاجرون وباء» عنصري، وهذا عار.'),
    ('ar', 'القول بأن المثليين مرض كذبة خطيرة.'),
    ('ar', 'تشبيه الشيعة بالكلاب أمر مرفوض ومقرف.'),
    ('ar', 'elly bey2ol en el lage2een 7asharat da 3onsory w 3eib'),
    ('fa', 'سوسک خواندن افغانی\u200cها نژادپرستی و شرم\u200cآور است.'),
    ('fa', 'من کسانی را که به بهایی\u200cها می\u200cگویند انگل محکوم می\u200cکنم.'),
    ('fa', 'هر کس بنویسد «عرب\u200cها حیوان\u200cاند» نژادپرست است. این نفرت\u200cانگیز است.'),
    ('fa', 'این ادعا که همجنس\u200cگراها بیمارند دروغ است.'),
    ('fa', 'مقایسه مهاجران افغان با طاعون انزجارآور است.'),
    ('fa', 'گفتن اینکه یهودی\u200cها موش\u200cاند یهودستیزی است و محکومش می\u200cکنیم.'),
    ('hi', 'मुसलमानों को दीमक कहना नफ़रत फैलाना है, यह शर्मनाक है।'),
    ('hi', 'मैं उन लोगों की निंदा करता हूँ जो रोहिंग्या को परजीवी कहते हैं।'),
    ('hi', '"दलित जानवर हैं" जैसी बातें घिनौनी और जातिवादी हैं।'),
    ('hi', 'musalmanon ko deemak kehna sharmnaak hai, ye nafrat hai'),
    ('hi', 'jo log rohingya ko keede kehte hain woh nafrat phaila rahe hain, ye galat hai'),
    ('hi', 'यह कहना कि प्रवासी बीमारी हैं, झूठ और नफ़रत है।'),
    ('zh', '把难民称为害虫是种族歧视，太恶心了。'),
    ('zh', '我谴责那些说“黑人是猴子”的人。'),
    ('zh', '说穆斯林是毒瘤的人是在散播仇恨，这很可耻。'),
    ('zh', '“同性恋是病”这种说法是错误的，也是歧视。'),
    ('zh', '有人在网上写「日本人都是畜生」，这种言论令人作呕。'),
    ('zh', '称维吾尔人为寄生虫是仇恨言论，我们坚决反对。'),
]
#: Somebody else's hateful words, attributed to a speaker (quoted, or reported without quote marks). Speakers
#: are read in the normalised text but keep the writer's accents ("Le député", "Poseł", "Yılmaz").
REPORT = [
    ('de', 'Der Abgeordnete sagte, Flüchtlinge seien Ungeziefer.', 'Abgeordnete'),
    ('de', 'Der Abgeordnete Meier sagte gestern im Landtag: „Flüchtlinge sind Ungeziefer.“', 'Meier'),
    ('es', 'El diputado dijo que los refugiados son una plaga.', 'diputado'),
    ('es', 'El alcalde declaró en la radio: «Los inmigrantes son ratas».', 'alcalde'),
    ('fr', 'Le député a dit que les Roms sont des parasites.', 'député'),
    ('fr', 'Le maire a déclaré à la radio : « Les Roms sont des parasites ».', 'maire'),
    ('it', 'Il senatore ha detto che gli immigrati sono parassiti.', 'senatore'),
    ('it', 'Il sindaco ha dichiarato in tv: «Gli immigrati sono parassiti».', 'sindaco'),
    ('pt', 'O deputado disse que os imigrantes são uma praga.', 'deputado'),
    ('pt', 'O prefeito declarou na rádio: “Os refugiados são ratos”.', 'prefeito'),
    ('nl', 'De politicus zei dat vluchtelingen ongedierte zijn.', 'politicus'),
    ('nl', 'De burgemeester verklaarde op de radio: „Vluchtelingen zijn ongedierte.”', 'burgemeester'),
    ('pl', 'Poseł powiedział, że uchodźcy to robactwo.', 'Poseł'),
    ('pl', 'Burmistrz oświadczył w radiu: „Imigranci to szczury”.', 'Burmistrz'),
    ('ru', 'Депутат заявил, что мигранты — тараканы.', 'Депутат'),
    ('ru', 'Мэр сказал в эфире радио: «Цыгане — паразиты».', 'Мэр'),
    ('ru', 'Блогер Иванов написал: «Беженцы — это крысы».', 'Иванов'),
    ('ru', 'Сенатор Петров сказал: «Геи — болезнь общества».', 'Петров'),
    ('ru', 'Вчера депутат Сидоров назвал мигрантов крысами.', 'Сидоров'),
    ('ru', 'Министр написал в телеграме, что беженцы — саранча.', 'Министр'),
    ('tr', 'Milletvekili, Suriyelilerin hamam böceği olduğunu söyledi.', 'Milletvekili'),
    ('tr', 'Bakan televizyonda "Mülteciler parazittir" dedi.', 'Bakan'),
    ('tr', 'Gazeteci Yılmaz şöyle yazdı: «Göçmenler fare gibi çoğalıyor, bunlar haşere.»', 'Yılmaz'),
    ('tr', 'Milletvekili Demir mecliste "Kürtler hayvandır" dedi.', 'Demir'),
    ('tr', 'Bir yorumcu televizyonda Afganların veba olduğunu söyledi.', 'yorumcu'),
    ('tr', 'Parti sözcüsü, eşcinsellerin hastalıklı sapıklar olduğunu açıkladı.', 'sözcüsü'),
    ('he', 'חבר הכנסת אמר כי הפליטים הם מכת ארבה.', 'חבר הכנסת'),
    ('he', 'ראש העירייה הצהיר ברדיו: "המסתננים הם סרטן".', 'ראש העירייה'),
    ('he', 'השר כתב בטוויטר שהעובדים הזרים הם טפילים.', 'השר'),
    ('he', 'לדברי חבר המועצה כהן, "הערבים הם חיות".', 'כהן'),
    ('he', "הפעיל טען בהפגנה כי המהגרים הם ג'וקים.", 'הפעיל'),
    ('he', 'העיתונאי לוי כתב: ״החרדים הם טפילים״.', 'לוי'),
    ('ar', 'قال النائب إن اللاجئين السوريين حشرات.', 'النائب'),
    ('ar', 'صرّح رئيس البلدية للإذاعة: «المهاجرون وباء».', 'رئيس البلدية'),
    ('ar', 'كتب الوزير على تويتر أن الغجر طفيليات.', 'الوزير'),
    ('ar', 'وزعم المعلق أن المثليين مرض.', 'المعلق'),
    ('ar', 'بحسب الصحيفة، قال الناشط إن الشيعة كلاب.', 'الناشط'),
    ('ar', 'أعلن المتحدث باسم الحزب أن المهاجرين جرذان.', 'المتحدث'),
    ('fa', 'نماینده مجلس گفت که افغانی\u200cها سوسک هستند.', 'نماینده'),
    ('fa', 'شهردار در رادیو گفت: «مهاجران افغان طاعون\u200cاند».', 'شهردار'),
    ('fa', 'وزیر در توییتر نوشت که بهایی\u200cها انگل\u200cاند.', 'وزیر'),
    ('fa', 'فعال سیاسی مدعی شد که کردها خائن\u200cاند.', 'فعال'),
    ('fa', 'مجری تلویزیون گفت: «عرب\u200cها وحشی\u200cاند».', 'مجری'),
    ('fa', 'سخنگوی حزب اعلام کرد پناهجوها حشره\u200cاند.', 'سخنگوی'),
    ('hi', 'सांसद ने कहा कि मुसलमान दीमक हैं।', 'सांसद'),
    ('hi', 'मंत्री ने रैली में कहा: "रोहिंग्या परजीवी हैं।"', 'मंत्री'),
    ('hi', 'विधायक ने ट्वीट किया कि बांग्लादेशी घुसपैठिए कीड़े हैं।', 'विधायक'),
    ('hi', 'mantri ne rally mein kaha, "rohingya keede hain"', 'mantri'),
    ('hi', 'एक नेता ने भाषण में दावा किया कि दलित जानवर हैं।', 'नेता'),
    ('hi', 'प्रवक्ता ने बयान में कहा कि प्रवासी बीमारी हैं।', 'प्रवक्ता'),
    ('zh', '该议员表示，难民都是害虫。', '议员'),
    ('zh', '一名博主在微博上写道：“黑人就是猴子。”', '博主'),
    ('zh', '市长在电台节目中说：「穆斯林是毒瘤」。', '市长'),
    ('zh', '该网红在直播中声称同性恋是一种病。', '网红'),
    ('zh', '发言人对记者说：“维吾尔人是寄生虫。”', '发言人'),
    ('zh', '评论员在节目里说日本人都是畜生。', '评论员'),
]
#: A negated hateful claim: not endorsed.
NEGATED = [
    ('de', 'Flüchtlinge sind kein Ungeziefer, sie sind Menschen wie wir.'),
    ('es', 'Los refugiados no son una plaga, son personas que huyen de la guerra.'),
    ('fr', 'Les Roms ne sont pas des parasites, ce sont des êtres humains.'),
    ('it', 'Gli immigrati non sono parassiti, sono persone come noi.'),
    ('pt', 'Os imigrantes não são uma praga, são pessoas como nós.'),
    ('nl', 'Vluchtelingen zijn geen ongedierte, het zijn mensen zoals wij.'),
    ('pl', 'Uchodźcy to nie robactwo, to ludzie tacy jak my.'),
    ('ru', 'Мигранты не тараканы, они такие же люди, как мы.'),
    ('ru', 'Никто не должен называть беженцев крысами.'),
    ('ru', 'Цыгане — не паразиты, а наши соседи.'),
    ('ru', 'Таджики вовсе не животные, это люди, которые у нас работают.'),
    ('ru', 'Никто не вправе называть геев болезнью.'),
    ('ru', 'Беженцы не саранча, они бегут от войны.'),
    ('tr', 'Suriyeliler hamam böceği değil, bizim gibi insanlar.'),
    ('tr', 'Kimse mültecilere parazit dememeli.'),
    ('tr', 'Kürtler hayvan değildir, onlar da insan.'),
    ('tr', 'Çingeneler asalak değil, bu ülkenin vatandaşları.'),
    ('tr', 'Afganlar veba değildir.'),
    ('tr', 'Hiç kimse eşcinsellere sapık dememeli.'),
    ('he', 'הפליטים אינם מכת ארבה, הם בני אדם כמונו.'),
    ('he', 'אף אחד לא צריך לקרוא לערבים חיות.'),
    ('he', 'המסתננים הם לא סרטן, הם אנשים שברחו ממלחמה.'),
    ('he', 'ההומואים הם לא מחלה.'),
    ('he', "המהגרים אינם ג'וקים, הם שכנים שלנו."),
    ('he', 'החרדים הם לא טפילים, הם אזרחים.'),
    ('ar', 'اللاجئون ليسوا حشرات، إنهم بشر مثلنا.'),
    ('ar', 'لا أحد يجب أن يصف اليهود بالخنازير.'),
    ('ar', 'المهاجرون ليسوا وباء، بل جيران لنا.'),
    ('ar', 'المثليون ليسوا مرضاً.'),
    ('ar', 'لا يجوز أن نسمي الشيعة كلاباً.'),
    ('ar', 'el lage2een mesh 7asharat, dol bani adam zayena'),
    ('fa', 'افغانی\u200cها سوسک نیستند، انسان\u200cاند.'),
    ('fa', 'هیچ\u200cکس نباید به بهایی\u200cها بگوید انگل.'),
    ('fa', 'کردها خائن نیستند.'),
    ('fa', 'همجنس\u200cگراها بیمار نیستند.'),
    ('fa', 'عرب\u200cها حیوان نیستند، آدم\u200cاند مثل ما.'),
    ('fa', 'هیچ پناهجویی حشره نیست.'),
    ('hi', 'मुसलमान दीमक नहीं हैं, वे भी इंसान हैं।'),
    ('hi', 'किसी को भी रोहिंग्या को परजीवी नहीं कहना चाहिए।'),
    ('hi', 'दलित जानवर नहीं हैं।'),
    ('hi', 'kisi ko bhi rohingya ko keede nahi kehna chahiye'),
    ('hi', 'बांग्लादेशी कीड़े नहीं हैं, वे इंसान हैं।'),
    ('hi', 'प्रवासी कोई बीमारी नहीं हैं।'),
    ('zh', '难民不是害虫，他们和我们一样是人。'),
    ('zh', '谁都不应该把黑人叫做猴子。'),
    ('zh', '穆斯林不是毒瘤。'),
    ('zh', '同性恋不是病。'),
    ('zh', '没有人应该说维吾尔人是寄生虫。'),
    ('zh', '非洲人并不是蟑螂，他们是人。'),
]

#: Written with the fixes for three of the gaps above (tests/context_language_gaps.py), beyond the sentences that
#: showed them, and kept out of the lists above, which the before/after benchmark reads: romanised Hindi told by
#: its function words; "according to X," before what X said (Hebrew, Arabic, Persian, Russian, Turkish); a claim
#: framed after the quotation (Mandarin "这种说法", this claim).
LATER_HATE = [
    ('hi', 'musalman keede hain, inko desh se nikalo'),
]
LATER_COUNTER = [
    ('hi', 'rohingya ko keede kehna galat hai, ye nafrat hai'),
    ('hi', 'musalmanon ko deemak kehne wale log nafrat phaila rahe hain, ye sharmnaak hai'),
    ('zh', '「难民都是害虫」这种言论令人作呕。'),
    ('zh', '“黑人就是猴子”，这种说法太恶心了。'),
    ('zh', '穆斯林是毒瘤这种说法是种族歧视。'),
]
LATER_REPORT = [
    ('he', 'לפי הפעיל לוי, "המהגרים הם ג\'וקים".', 'לוי'),
    ('he', 'לדברי חבר המועצה כהן, הערבים הם חיות.', 'כהן'),
    ('ar', 'بحسب النائب، «اللاجئون السوريون حشرات».', 'النائب'),
    ('ar', 'وفقًا لرئيس البلدية، المهاجرون وباء.', 'رئيس البلدية'),
    ('fa', 'به گفته نماینده مجلس، «افغانی\u200cها سوسک هستند».', 'نماینده'),
    ('ru', 'По словам депутата Иванова, «мигранты — это тараканы».', 'Иванова'),
    ('tr', "Bakan Yılmaz'a göre, \"Suriyeliler hamam böceği gibi\".", 'Yılmaz'),
]
LATER_NEGATED = [
    ('hi', 'musalman deemak nahi hain, woh bhi insaan hain'),
    ('hi', 'rohingya keede nahi hain, woh bhi hamare jaise insaan hain'),
]
#: The contrasts: the writer sides with the words after "according to X" or after the frame, so they stay flagged
#: and endorsed.
LATER_ENDORSED = [
    ('he', 'לדברי חבר המועצה כהן, "הערבים הם חיות". והוא צודק.'),
    ('ru', 'По словам депутата Иванова, «мигранты — это тараканы». И он прав.'),
    ('tr', "Bakan Yılmaz'a göre, \"Suriyeliler hamam böceği gibi\". Çok doğru söylemiş."),
    ('zh', '“穆斯林是毒瘤”这句话说得对。'),
    ('zh', '“维吾尔人是寄生虫”这种说法没有错。'),
]

#: Agreement after a quotation in the forms people write it beyond "he is right": past tenses, "can't blame him",
#: "the plain truth", "couldn't agree more" (the ``agree`` lists of each language's cue file).
AGREED_AFTER_QUOTE = [
    ('fr', '« Les migrants sont des rats. » Il avait raison.'),
    ('de', '„Flüchtlinge sind Ungeziefer.“ Recht hatte er.'),
    ('it', '«Gli zingari sono topi.» Non posso dargli torto.'),
    ('pt', '"Ciganos são ratos." Falou a verdade.'),
    ('nl', '„Marokkanen zijn ratten.” Hij had gelijk.'),
    ('pl', '„Żydzi to szczury.” Święta racja.'),
    ('ru', '«Мигранты — это тараканы». Чистая правда.'),
    ('tr', '"Suriyeliler hamam böceği gibi". Sonuna kadar haklı.'),
    # The verb first, then its speaker, then the quotation: the writer's agreement after it is still the writer's.
    ('ar', 'قال المذيع «اليهود حشرات» وأنا معه.'),
]


def _rows(rows):
    """``rows`` as test parameters, the known gaps marked as expected failures with their reason."""
    return [pytest.param(*row, marks=pytest.mark.xfail(strict=True, reason=GAPS[row[1]])) if row[1] in GAPS else row
            for row in rows]


def _hateful_findings(analysis):
    return [f for f in analysis.findings if f.label in _CHARGED]


def _language(analysis) -> str:
    return analysis.context["language"]["language_guess"]


@pytest.mark.parametrize(("language", "text"), _rows(HATE) + LATER_HATE)
def test_plain_hate_is_flagged_and_endorsed(language, text):
    analysis = hatescope.analyze(text)
    assert _language(analysis) == language
    assert analysis.hateful and analysis.action == "remove"
    assert any(f.stance == "endorse" for f in _hateful_findings(analysis))


@pytest.mark.parametrize(("language", "text"), _rows(COUNTER) + LATER_COUNTER)
def test_condemning_the_claim_is_counter_speech(language, text):
    analysis = hatescope.analyze(text)
    assert _language(analysis) == language
    findings = _hateful_findings(analysis)
    assert findings, "the hateful words are still found"
    assert not analysis.hateful and analysis.action == "allow"
    assert {f.stance for f in findings} == {"counter"}


@pytest.mark.parametrize(("language", "text", "speaker"), _rows(REPORT) + LATER_REPORT)
def test_attributed_words_read_as_reported_speech(language, text, speaker):
    analysis = hatescope.analyze(text)
    assert _language(analysis) == language
    findings = _hateful_findings(analysis)
    assert findings
    assert not analysis.hateful
    assert {f.stance for f in findings} <= {"report", "quote"}
    quoted = [s for s in analysis.segments if s.kind == "quote"]
    assert quoted and speaker in (quoted[0].speaker or "")
    if any(f.label != "insult" for f in findings):  # an insult alone is no reported hate
        assert analysis.context["reported_hate"][0]["speaker"] == quoted[0].speaker


@pytest.mark.parametrize(("language", "text"), _rows(NEGATED) + LATER_NEGATED)
def test_negated_claim_is_not_endorsed(language, text):
    analysis = hatescope.analyze(text)
    assert _language(analysis) == language
    findings = _hateful_findings(analysis)
    assert findings
    assert not analysis.hateful
    # "Nobody should call X vermin" forbids saying it, which the rules read as counter-speech, as in English.
    assert {f.stance for f in findings} in ({"negated"}, {"counter"}, {"negated", "counter"})


def test_every_language_has_its_cue_file_and_all_four_kinds():
    assert set(LANGUAGES) <= context_cues.available()
    for language in LANGUAGES:
        cues = context_cues.load(language)
        assert cues.language == language and cues.version
        assert cues.condemn.pattern != context_cues.load("en").condemn.pattern
        assert cues.words("report_verbs") and cues.quote_pairs
        for rows in (HATE, COUNTER, REPORT, NEGATED):
            assert any(row[0] == language for row in rows)


def test_english_and_unknown_languages_keep_the_english_cues():
    english = context_cues.load("en")
    assert context_cues.load("xx") is english
    # An English sentence is judged as before: a German cue word means nothing there.
    analysis = hatescope.analyze("Refugees are vermin, and calling it widerlich changes nothing.")
    assert analysis.hateful


@pytest.mark.parametrize(("text", "content"), [
    ("Er sagte: „Flüchtlinge sind Ungeziefer.“ Das ist widerlich.", "Flüchtlinge sind Ungeziefer."),
    ("Er schrieb: »Flüchtlinge sind Ungeziefer.« Mehr nicht.", "Flüchtlinge sind Ungeziefer."),
    ("Powiedział: „Uchodźcy to robactwo”.", "Uchodźcy to robactwo"),
    ("Il a dit : « les Roms sont des parasites ». Non.", " les Roms sont des parasites "),
])
def test_quote_mark_pairs_of_other_languages(text, content):
    from hatescope.normalize.quote_marks import find_quotes

    assert [text[q.start : q.end] for q in find_quotes(text)] == [content]


def test_a_script_without_spaces_matches_cues_inside_a_run_of_characters():
    chinese = context_cues.load("zh")
    assert chinese.negation.search("难民不是害虫") and chinese.condemn.search("这是种族歧视")
    assert not context_cues.load("ru").negation.search("ненависть")  # "не" inside a word is no negation


def test_prefixed_words_and_vowel_signs_are_read_as_words():
    # Hebrew and Arabic write "and"/"the"/"with" onto the next word; Devanagari words end in vowel signs.
    assert context_cues.load("he").condemn.search("וזה מביש והגזענות")
    assert context_cues.load("ar").negative.search("وصف اللاجئين بالحشرات")
    hindi = context_cues.load("hi").frame
    assert hindi.search("दीमक कहना") and not hindi.search("कहानी")  # "कहा" (said) is not the start of "story"


def test_a_negation_after_what_it_denies():
    # Turkish, Persian and Hindi deny after the predicate; a denied praise word is still an insult.
    from hatescope.stance.cues import denied_after

    turkish = context_cues.load("tr")
    text = "suriyeliler hamam bocegi degil, bizim gibi insanlar."
    assert denied_after(text, 0, len(text), turkish)
    assert not denied_after("suriyeliler insan degil.", 0, 24, turkish)
    assert denied_after("दलित जानवर नहीं हैं।", 0, 19, context_cues.load("hi"))
    assert denied_after("کردها خائن نیستند.", 0, 18, context_cues.load("fa"))
    assert denied_after(text, 0, len(text), context_cues.load("en")) is None  # English has no such cue


def test_right_to_left_marks_do_not_hide_the_cues():
    analysis = hatescope.analyze("\u200fלקרוא לפליטים \u200f\"מכת ארבה\"\u200f זו גזענות מגעילה.")
    assert _language(analysis) == "he"
    assert not analysis.hateful and {f.stance for f in _hateful_findings(analysis)} == {"counter"}


@pytest.mark.parametrize(("language", "text"), LATER_ENDORSED)
def test_siding_with_attributed_or_framed_words_stays_flagged(language, text):
    analysis = hatescope.analyze(text)
    assert _language(analysis) == language
    assert analysis.hateful
    assert "endorse" in {f.stance for f in _hateful_findings(analysis)}


@pytest.mark.parametrize(("language", "text"), AGREED_AFTER_QUOTE)
def test_agreeing_with_quoted_words_endorses_them(language, text):
    analysis = hatescope.analyze(text)
    assert _language(analysis) == language
    stances = {f.stance for f in _hateful_findings(analysis)}
    assert stances == {"endorse"}, stances


def test_disagreeing_with_the_same_quoted_words_is_counter_speech():
    analysis = hatescope.analyze("« Les migrants sont des rats. » Il avait tort, c'est raciste.")
    assert not analysis.hateful and {f.stance for f in _hateful_findings(analysis)} == {"counter"}


@pytest.mark.parametrize("text", [
    "kya scene hai bhai",
    "ye musalman deemak hain, inko desh se nikalo",
    "rohingya keede makode hain, sabko bhagao",
    "mujhe samajh nahi aata ki log itna drama kyun karte hain",
])
def test_romanised_hindi_is_told_with_confidence_by_its_function_words(text):
    from hatescope.ingest.language_guess import guess_language

    guess = guess_language(text)
    assert (guess.language, guess.method) == ("hi", "words") and guess.confident


@pytest.mark.parametrize("text", [
    "ngl this slaps fr fr lol",  # English slang
    "hai semua, mau tanya ke mana arahnya",  # Indonesian: "hai" (hi) and "ke" (to) are Hindi markers too
    "hindi ko alam kung ano ang gagawin ko",  # Tagalog shares "ko", "ka", "na"
    "hai kak, ke mana aja",  # one Hindi marker word and a weak one: not sure enough to act on
])
def test_english_slang_and_other_latin_languages_are_not_taken_for_hindi(text):
    from hatescope.ingest.language_guess import guess_language

    guess = guess_language(text)
    assert guess.language != "hi" or not guess.confident
