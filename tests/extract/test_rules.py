"""Rule examples, grouped by rule (CODEBOOK §1-4). Every text here was written for these tests.

The default publication date is Tuesday 2026-02-10. Known misses run as strict xfail.
"""

from __future__ import annotations

import pytest

from tests.extract.examples import Example, F, check, params

NUMBERS = [
    Example(
        "digits-separator",
        "Cambodia deported 2,825 foreign nationals linked to online scams.",
        [F("deported", 2825, qualifier="exact")],
    ),
    Example("digits-plain", "Police arrested 479 people at a scam compound.", [F("arrested", 479)]),
    Example(
        "word-small", "Police arrested five suspects in an online fraud ring.", [F("arrested", 5)]
    ),
    Example(
        "word-hyphenated",
        "Officers detained twenty-one people at a call centre used for fraud.",
        [F("arrested", 21)],
    ),
    Example(
        "word-teen",
        "Authorities rescued seventeen victims from a scam compound.",
        [F("rescued", 17)],
    ),
    Example(
        "word-tens",
        "Immigration deported forty Chinese nationals over telecom fraud.",
        [F("deported", 40, nationalities={"CN": 40})],
    ),
    Example(
        "a-dozen",
        "Police arrested a dozen suspects in the scam raid.",
        [F("arrested", 12, qualifier="exact")],
    ),
    Example(
        "two-dozen",
        "The raid on the fraud den led to two dozen arrests.",
        [F("arrested", 24, qualifier="exact")],
    ),
    Example(
        "more-than-a-dozen",
        "Police detained more than a dozen scam workers.",
        [F("arrested", 12, qualifier="more_than")],
    ),
    Example(
        "million-decimal",
        "Thailand says 1.2 million people were deported over scams since 2020.",
        [F("deported", 1200000)],
    ),
    Example(
        "thousand-word",
        "Police arrested three thousand people in scam compounds this year.",
        [F("arrested", 3000)],
    ),
    Example(
        "hundred-word", "Authorities deported two hundred scam suspects.", [F("deported", 200)]
    ),
    Example(
        "more-than",
        "Police arrested more than 800 suspects in the online fraud crackdown.",
        [F("arrested", 800, qualifier="more_than")],
    ),
    Example(
        "over",
        "Over 300 foreigners were deported for online scams.",
        [F("deported", 300, qualifier="more_than")],
    ),
    Example(
        "upwards-of",
        "Upwards of 150 scam workers were rescued.",
        [F("rescued", 150, qualifier="more_than")],
    ),
    Example(
        "at-least",
        "At least 40 people were arrested at the scam compound.",
        [F("arrested", 40, qualifier="at_least")],
    ),
    Example(
        "approximately",
        "Authorities detained approximately 3,455 scam suspects.",
        [F("arrested", 3455, qualifier="about")],
    ),
    Example(
        "around",
        "Police rescued around 90 victims from the fraud compound.",
        [F("rescued", 90, qualifier="about")],
    ),
    Example(
        "some", "Some 700 scam suspects were deported.", [F("deported", 700, qualifier="about")]
    ),
    Example(
        "roughly",
        "Roughly 60 people were arrested in the scam raid.",
        [F("arrested", 60, qualifier="about")],
    ),
    Example(
        "nearly",
        "Police shut down nearly 200 scam sites.",
        [F("closed", 200, qualifier="nearly", unit="sites")],
    ),
    Example(
        "almost",
        "Almost 500 people were deported for online fraud.",
        [F("deported", 500, qualifier="nearly")],
    ),
    Example(
        "close-to",
        "Close to 1,000 scam workers were rescued.",
        [F("rescued", 1000, qualifier="nearly")],
    ),
    Example(
        "up-to",
        "Police arrested up to 70 people in the fraud raid.",
        [F("arrested", 70, qualifier="up_to")],
    ),
    Example(
        "a-total-of",
        "Immigration deported a total of 64 South Korean nationals over scams.",
        [F("deported", 64, qualifier="exact", nationalities={"KR": 64})],
    ),
    Example(
        "or-more",
        "Police arrested 50 or more people at the scam hub.",
        [F("arrested", 50, qualifier="at_least")],
    ),
    Example(
        "vague-hundreds",
        "Police rescued hundreds of workers from scam compounds.",
        [F("rescued", 100, qualifier="vague")],
    ),
    Example(
        "vague-thousands",
        "Thousands of scam suspects were deported.",
        [F("deported", 1000, qualifier="vague")],
    ),
    Example(
        "vague-dozens",
        "Police arrested dozens of people at the fraud compound.",
        [F("arrested", 12, qualifier="vague")],
    ),
    Example(
        "vague-several-hundred",
        "Several hundred scam workers were rescued.",
        [F("rescued", 100, qualifier="vague")],
    ),
    Example(
        "vague-several-thousand",
        "Several thousand foreign nationals were deported over scams.",
        [F("deported", 1000, qualifier="vague")],
    ),
    Example(
        "vague-tens-of-thousands",
        "Tens of thousands of scam workers were deported.",
        [F("deported", 10000, qualifier="vague")],
    ),
    Example(
        "vague-scores",
        "Police arrested scores of people in the online scam raid.",
        [F("arrested", 20, qualifier="vague")],
    ),
    Example("no-number-several", "Police arrested several ringleaders of the scam network.", []),
    Example(
        "range-between",
        "Police arrested between 40 and 50 people in the scam raid.",
        [F("arrested", 40)],
        xfail="ranges keep their lower bound only when a verb governs the first number",
    ),
    Example(
        "one-word",
        "Police arrested one Myanmar national at the scam compound.",
        [F("arrested", 1, nationalities={"MM": 1})],
    ),
]

ACTIONS = [
    Example(
        "reported-speech-action-on-the-group",
        "Cambodia on Monday deported 58 Chinese nationals over an online fraud ring.\n\n"
        "An immigration spokesman said they had been detained in raids on a casino in Kampot.",
        [F("deported", 58), F("arrested", 58, country="KH", admin1="Kampot")],
    ),
    Example(
        "another-country-arrested-the-group-first",
        "Korean police on Friday arrested 31 Korean men over a voice-phishing ring run from "
        "Cambodia.\n\nIn June, Cambodian authorities captured them at a villa in Sihanoukville.",
        [
            F("arrested", 31, country="KR", date="2026-02-06"),
            F("arrested", 31, country="KH", date=None, period_start="2025-06-01"),
        ],
    ),
    Example(
        "same-country-same-action-again-is-one-fact",
        "Police on Friday arrested 22 scam suspects in Kandal.\n\n"
        "Officers detained them at a warehouse near the border.",
        [F("arrested", 22)],
    ),
    Example(
        "group-detained-by-another-countrys-authorities",
        "Korean police arrested six Korean nationals over phone scams after their deportation "
        "from Laos.\n\nThe six Koreans are in their 30s. They were detained by Lao authorities "
        "in March 2025 at a hotel in Vientiane.",
        [
            F("arrested", 6, country="KR"),
            F("deported", 6, country="LA"),
            F("arrested", 6, country="LA", period_start="2025-03-01", period_end="2025-03-31"),
        ],
    ),
    Example(
        "picked-up-at-the-airport",
        "Four more scam suspects were picked up at the airport on Monday.",
        [F("arrested", 4, date="2026-02-09")],
    ),
    Example(
        "picked-up-by-relatives",
        "Four workers who fled the scam compound were picked up by relatives on Monday.",
        [],
    ),
    Example(
        "counted-group-dated-by-its-sentence-and-its-women",
        "The handover began on February 3-4 when border guards checked the papers of 60 Thai "
        "citizens returning from scam compounds in Cambodia. This group, including 12 women, "
        "came from 20 provinces. They were handed over by Cambodian authorities following a raid "
        "on a casino on January 20.",
        [F("deported", 60, country="KH", women=12, date=None, period_start="2026-02-03")],
    ),
    Example(
        "group-counted-without-action-then-handed-over",
        "Border officials checked the papers of 60 Thai citizens returning from scam compounds "
        "in Cambodia. They were handed over by Cambodian authorities on Monday.",
        [F("deported", 60, country="KH", nationalities={"TH": 60}, date="2026-02-09")],
    ),
    Example(
        "group-held-after-raids-is-arrested",
        "Cambodia deported 80 Chinese nationals on Saturday. All of them had been held after "
        "raids on scam compounds in Kampot province last month.",
        [
            F("deported", 80, date="2026-02-07"),
            F("arrested", 80, period_start="2026-01-01", period_end="2026-01-31", admin1="Kampot"),
        ],
    ),
    Example(
        "nationals-who-had-been-detained-is-custody",
        "South Korea brought home 50 nationals who had been detained in Cambodia over online "
        "scams on Saturday.",
        [F("deported", 50)],
    ),
    Example(
        "managed-to-rescue",
        "We have managed to rescue 300 Lao workers from scam compounds so far, the police said.",
        [F("rescued", 300, scope="cumulative", nationalities={"LA": 300})],
    ),
    Example(
        "tried-to-rescue-is-no-figure",
        "Police tried to rescue 300 workers from a scam compound.",
        [],
    ),
    Example(
        "the-number-of-people-rescued-numbering",
        "Officials said the number of Lao nationals rescued, numbering close to 500, kept rising "
        "as scam compounds were raided.",
        [
            F(
                "rescued",
                500,
                qualifier="nearly",
                scope="cumulative",
                period_end="2026-02-10",
                nationalities={"LA": 500},
            )
        ],
    ),
    Example(
        "group-arrested-later-sentence",
        "Thirty Korean nationals were deported on Monday over a phone scam.\n\n"
        "The group was arrested in December by police who raided a tower in Phnom Penh.",
        [
            F("deported", 30, date="2026-02-09", nationalities={"KR": 30}),
            F(
                "arrested",
                30,
                date=None,
                period_start="2025-12-01",
                period_end="2025-12-31",
                nationalities={"KR": 30},
                country="KH",
                admin1="Phnom Penh",
            ),
        ],
    ),
    Example(
        "police-arrested-them",
        "Malaysia deported 40 Chinese nationals involved in a scam ring on Tuesday.\n\n"
        "The ring rented three houses.\n\n"
        "Police arrested them in Penang over the weekend.",
        [
            F("deported", 40, date="2026-02-10"),
            F(
                "arrested",
                40,
                country="MY",
                admin1="Penang",
                period_start="2026-02-07",
                period_end="2026-02-08",
            ),
        ],
    ),
    Example(
        "the-suspects-who-were-arrested",
        "Indonesia deported 60 Chinese nationals on Monday for running online scams.\n\n"
        "The suspects, who were arrested in Bali, worked for a larger network.",
        [F("deported", 60), F("arrested", 60, country="ID", admin1="Bali")],
    ),
    Example(
        "group-held-before-the-flight-is-no-arrest",
        "Cambodia deported 45 Chinese scam suspects on Monday.\n\n"
        "They were detained prior to their deportation at the immigration centre.",
        [F("deported", 45)],
    ),
    Example(
        "group-to-be-charged-is-no-figure",
        "Cambodia deported 45 Chinese scam suspects on Monday.\n\nThey will be charged in China.",
        [F("deported", 45)],
    ),
    Example(
        "batches-totaling",
        "Thailand deported three groups totaling nearly 150 scam suspects to China on February "
        "3 and 4.",
        [
            F(
                "deported",
                150,
                qualifier="nearly",
                period_start="2026-02-03",
                period_end="2026-02-04",
            )
        ],
    ),
    Example(
        "dash-aside-before-verb",
        "A total of 50 suspects – 30 of them Chinese nationals and 20 Thais – were arrested at a "
        "scam office on Monday.",
        [F("arrested", 50, nationalities={"CN": 30, "TH": 20})],
    ),
    Example(
        "the-main-verb-after-the-peoples-relative-clause",
        "Thirty Koreans who are suspected members of a fraud ring that ran a romance scam were "
        "arrested in Kampot on Monday.",
        [F("arrested", 30, nationalities={"KR": 30})],
    ),
    Example(
        "an-earlier-action-after-they-were",
        "Japanese police arrested 19 people in a phone scam case in April after they were "
        "extradited to Japan.",
        [F("arrested", 19, country="JP"), F("extradited", 19, country=None)],
    ),
    Example(
        "an-earlier-action-on-the-same-group",
        "Thirty Koreans who ran a phone scam were arrested on arrival in Seoul on Monday after "
        "being deported from Cambodia.",
        [F("arrested", 30, date="2026-02-09"), F("deported", 30, date="2026-02-09", country="KH")],
    ),
    Example(
        "the-receiving-country-reports-a-handover",
        "Vietnamese border guards received 61 citizens from Cambodia at the Moc Bai border gate "
        "on Monday after they were rescued from a scam compound.",
        [F("deported", 61, country="KH", nationalities={"VN": 61}, date="2026-02-09")],
    ),
    Example(
        "received-from-the-authorities-a-total-of",
        "Viet Nam on Monday received from Cambodian authorities a total of 72 Vietnamese "
        "citizens who had worked at online scam centres.",
        [F("deported", 72, country="KH", nationalities={"VN": 72})],
    ),
    Example(
        "foreign-victims-received-are-no-deportation",
        "Thai authorities on Monday received 140 foreign nationals who had been rescued from "
        "scam compounds in Myawaddy.",
        [F("rescued", 140)],
    ),
    Example(
        "received-without-a-sender-is-no-action",
        "The scam hotline received 300 calls from victims on Monday.",
        [],
    ),
    Example(
        "active-past",
        "Cambodian police arrested 479 people in an online scam crackdown.",
        [F("arrested", 479, unit="people")],
    ),
    Example(
        "passive", "479 people were arrested in the online scam crackdown.", [F("arrested", 479)]
    ),
    Example(
        "passive-had-been",
        "Some 60 suspects had been detained at the scam hub.",
        [F("arrested", 60)],
    ),
    Example(
        "passive-relative",
        "Officials received 45 citizens who were deported over online scams.",
        [F("deported", 45)],
    ),
    Example(
        "reduced-relative-headline",
        "61 Chinese Deported Over Telecom Fraud\n\nThe removals were done on Monday.",
        [F("deported", 61, nationalities={"CN": 61})],
    ),
    Example(
        "noun-of", "Officials announced the deportation of 312 scam suspects.", [F("deported", 312)]
    ),
    Example(
        "noun-resulted-in",
        "The scam raid resulted in the rescue of 187 workers.",
        [F("rescued", 187)],
    ),
    Example(
        "noun-plural-count",
        "The operation against the fraud ring led to 24 arrests.",
        [F("arrested", 24)],
    ),
    Example(
        "gerund",
        "Police raided a scam casino, detaining more than 800 suspects.",
        [F("arrested", 800, qualifier="more_than")],
    ),
    Example(
        "flown-out", "All 312 scam suspects were flown out of the country.", [F("deported", 312)]
    ),
    Example(
        "sent-home", "About 200 foreigners involved in fraud were sent home.", [F("deported", 200)]
    ),
    Example(
        "repatriated",
        "Cambodia repatriated 161 Vietnamese citizens after a scam crackdown.",
        [F("deported", 161, nationalities={"VN": 161})],
    ),
    Example(
        "expelled",
        "The ministry expelled 21 foreigners linked to online scams.",
        [F("deported", 21)],
    ),
    Example(
        "extradited",
        "Cambodia extradited 130 Chinese nationals for online fraud.",
        [F("extradited", 130, nationalities={"CN": 130})],
    ),
    Example(
        "handed-over-foreign",
        "Cambodian authorities handed over 63 Vietnamese citizens linked to scams.",
        [F("deported", 63, country="KH", nationalities={"VN": 63})],
    ),
    Example(
        "handed-over-to-country",
        "Police handed over 20 scam suspects to Chinese authorities.",
        [F("deported", 20)],
    ),
    Example(
        "apprehended",
        "Officers apprehended 33 people at an illegal gambling den.",
        [F("arrested", 33)],
    ),
    Example("rounded-up", "Police rounded up 90 scam workers.", [F("arrested", 90)]),
    Example(
        "taken-into-custody",
        "Forty suspects were taken into custody after the fraud raid.",
        [F("arrested", 40)],
    ),
    Example(
        "rescued",
        "Soldiers rescued 70 trafficking victims from a scam compound.",
        [F("rescued", 70)],
    ),
    Example("freed", "Police freed 45 workers held at a scam compound.", [F("rescued", 45)]),
    Example(
        "released-from-compound",
        "The raid released 300 workers from two scam compounds.",
        [F("rescued", 300)],
    ),
    Example(
        "charged",
        "Prosecutors charged 14 people over the online scam.",
        [F("charged", 14, unit="people")],
    ),
    Example(
        "referred-to-court", "Police referred 75 key scam suspects to court.", [F("charged", 75)]
    ),
    Example("indicted", "Nine scam bosses were indicted.", [F("charged", 9)]),
    Example(
        "cases",
        "Police proceeded with 10 criminal cases over online fraud.",
        [F("charged", 10, unit="cases")],
    ),
    Example(
        "raided-sites",
        "Police raided two locations used by the scam gang.",
        [F("raided", 2, unit="sites")],
    ),
    Example(
        "inspected-sites",
        "Officials inspected 92 locations suspected of online scams.",
        [F("raided", 92, unit="sites")],
    ),
    Example(
        "targeting-sites",
        "The operation targeted more than 250 buildings at the scam hub.",
        [F("raided", 250, unit="sites", qualifier="more_than", scope="event")],
    ),
    Example(
        "raids-noun",
        "Three raids on Monday hit scam compounds.",
        [F("raided", 3, unit="sites", date="2026-02-09")],
    ),
    Example(
        "closed-sites",
        "Authorities closed 15 online gambling dens.",
        [F("closed", 15, unit="sites")],
    ),
    Example(
        "sealed-sites",
        "Officers have sealed about 190 scam locations.",
        [F("closed", 190, qualifier="about")],
    ),
    Example(
        "dismantled-sites", "Police dismantled 12 fraud centres.", [F("closed", 12, unit="sites")]
    ),
    Example(
        "present-headline",
        "Cambodia Deports 110 Chinese Nationals Over Online Fraud\n\nThe flight left on Saturday.",
        [F("deported", 110)],
    ),
    Example(
        "headline-plural-subject",
        "Authorities Arrest 61 In Scam Raid\n\nThe raid took place at a factory.",
        [F("arrested", 61)],
    ),
    Example(
        "verb-governs-own-number",
        "Police who arrived in 30 vehicles arrested 12 scam suspects.",
        [F("arrested", 12)],
    ),
    Example(
        "two-actions-two-numbers",
        "Police arrested 30 scam suspects and rescued 12 victims.",
        [F("arrested", 30), F("rescued", 12)],
    ),
    Example(
        "passive-pair",
        "Of the group, 14 were rescued and 147 had previously been detained for scams.",
        [F("rescued", 14), F("arrested", 147)],
    ),
    Example(
        "arrested-and-deported",
        "More than 30,000 scam suspects have been arrested and deported.",
        [F("deported", 30000)],
    ),
    Example(
        "modifier-before-passive",
        "Over 21,000 foreigners involved in cybercrime were expelled.",
        [F("deported", 21000)],
    ),
    Example(
        "from-countries-before-passive",
        "More than 800 foreign nationals from 10 countries were deported over scams.",
        [F("deported", 800, nationalities={})],
    ),
    Example(
        "list-continuation",
        "Police detained 166 Chinese nationals and one Vietnamese national in the fraud raid.",
        [F("arrested", 166, nationalities={"CN": 166}), F("arrested", 1, nationalities={"VN": 1})],
    ),
    Example(
        "list-more",
        "Three raids on Wednesday and three more on Friday hit scam compounds.",
        [F("raided", 3, date="2026-02-04"), F("raided", 3, date="2026-02-06")],
    ),
    Example(
        "shut-down-gerund",
        "The army shut down a scam hub, detaining 2,000 people.",
        [F("arrested", 2000)],
    ),
    Example(
        "noun-arrest-of",
        "The arrest of 29 foreign nationals followed a POGO raid.",
        [F("arrested", 29)],
    ),
]

SUBJECTS = [
    Example(
        "n-more-of-the-same-people",
        "Police arrested nine Korean scam suspects at a villa in Kep, and three more were picked "
        "up at the bus station.",
        [F("arrested", 9, nationalities={"KR": 9}), F("arrested", 3, nationalities={"KR": 3})],
    ),
    Example(
        "chinas-taiwan-is-taiwan",
        "Police were still detaining six people from China's Taiwan over the online fraud ring.",
        [F("arrested", 6, nationalities={"TW": 6})],
    ),
    Example(
        "among-the-n-were-a-breakdown",
        "Police freed 140 scam workers in Bavet on Sunday. Among the 140 people rescued were 80 "
        "Indonesians (30 of them women), along with 40 Filipinos and 20 Kenyans.",
        [F("rescued", 140, nationalities={"ID": 80, "PH": 40, "KE": 20}, women=None)],
    ),
    Example(
        "n-of-the-nationality-people",
        "Police said 31 of the Vietnamese workers were rescued from the scam compound on Sunday.",
        [F("rescued", 31, nationalities={"VN": 31})],
    ),
    Example(
        "n-of-the-two-nationalities",
        "Eighteen of the Chinese and Thai nationals were arrested at a scam compound in Poipet.",
        [F("arrested", 18, nationalities={"CN": None, "TH": None})],
    ),
    Example(
        "suspects-in-an-article-about-one-nationality",
        "Cambodia deported 64 Chinese nationals linked to online fraud on Monday.\n\n"
        "Indonesian police said on Tuesday they had arrested 40 suspects in Batam in a related "
        "operation.",
        [
            F("deported", 64, nationalities={"CN": 64}),
            F("arrested", 40, nationalities={"CN": 40}),
        ],
    ),
    Example(
        "suspects-in-a-mixed-article-stay-unsaid",
        "Cambodia deported 64 Chinese and 20 Vietnamese nationals linked to online fraud.\n\n"
        "Police also arrested 40 suspects in Kandal on Tuesday.",
        [F("deported", 64), F("deported", 20), F("arrested", 40, nationalities={})],
    ),
    Example(
        "suspects-are-not-of-the-acting-country",
        "Cambodian police arrested 40 suspects in a raid on a scam compound in Kandal. "
        "Cambodian officials said the operation would continue.",
        [F("arrested", 40, nationalities={})],
    ),
    Example(
        "of-its-nationals-are-the-acting-country-s",
        "Indonesia repatriated 84 of its nationals freed from scam compounds in Myanmar on Friday.",
        [F("deported", 84, nationalities={"ID": 84})],
    ),
    Example(
        "of-its-own-citizens",
        "South Korea repatriated 64 of its own citizens from scam compounds in Cambodia.",
        [F("deported", 64, nationalities={"KR": 64})],
    ),
    Example(
        "its-nationals-with-two-actors-stay-unsaid",
        "Thai and Lao police handed over 40 of its nationals to China over online fraud.",
        [F("deported", 40, nationalities={})],
    ),
    Example(
        "the-n-men-later",
        "Thirty Korean nationals were deported on Monday over a phone scam. A spokesman said the "
        "30 Korean men left from the capital's airport.",
        [F("deported", 30, men=30, women=None)],
    ),
    Example(
        "breakdown-opens-next-sentence",
        "Police deported 30 Thai nationals from a scam compound on Monday. The 12 women and 18 "
        "men, aged 19 to 40, had crossed the border in May.",
        [F("deported", 30, women=12, men=18)],
    ),
    Example(
        "numbers-opening-next-sentence-not-adding-up",
        "Police deported 30 Thai nationals from a scam compound on Monday. The 12 women and "
        "five men among them were minors.",
        [F("deported", 30, women=None, men=None)],
    ),
    Example(
        "among-the-deportees-the-sentence-after",
        "Police deported 35 Chinese nationals on Saturday over an online scam ring.\nAmong the "
        "deportees were four women.",
        [F("deported", 35, women=4)],
    ),
    Example(
        "a-breakdown-between-dashes",
        "Police this week announced the arrests of 44 people - 19 Chinese citizens and 25 "
        "Taiwanese - suspected of running a phone scam.",
        [F("arrested", 44, nationalities={"CN": 19, "TW": 25})],
    ),
    Example(
        "sent-to-a-country-with-no-nationality-said",
        "On Saturday, 312 scam suspects were handed over to China at the border crossing.",
        [F("deported", 312, nationalities={"CN": 312})],
    ),
    Example(
        "sent-to-china-in-an-article-that-names-taiwan",
        "Taiwan protested the deportation of its citizens.\nOn Sunday, 57 fraud suspects were "
        "deported to China.",
        [F("deported", 57, nationalities={})],
    ),
    Example(
        "majority-named-without-numbers",
        "Police detained about 300 people, mainly Thais and Laotians, in a scam raid.",
        [F("arrested", 300, nationalities={"TH": None, "LA": None})],
    ),
    Example(
        "mostly-one-nationality-is-not-all",
        "Officers arrested 120 foreigners, mostly Chinese nationals, at a fraud compound.",
        [F("arrested", 120, nationalities={"CN": None})],
    ),
    Example(
        "part-of-them-nationality",
        "Police arrested six more fraud suspects on Sunday, adding that two of them were later"
        " identified as Malaysian.",
        [F("arrested", 6, nationalities={"MY": 2})],
    ),
    Example(
        "nationality-breakdown",
        "Police arrested 479 people in a fraud raid, comprising 279 Cambodians, 109 Vietnamese, 55 Thais, "
        "28 Chinese, eight Taiwanese, and one Myanmar national.",
        [
            F(
                "arrested",
                479,
                nationalities={"KH": 279, "VN": 109, "TH": 55, "CN": 28, "TW": 8, "MM": 1},
            )
        ],
    ),
    Example(
        "single-nationality",
        "Cambodia deported 312 Chinese nationals over scams.",
        [F("deported", 312, nationalities={"CN": 312})],
    ),
    Example(
        "two-word-demonym",
        "Cambodia deported 64 South Korean nationals over cyber scams.",
        [F("deported", 64, nationalities={"KR": 64})],
    ),
    Example(
        "demonym-noun",
        "Police arrested 30 Indonesians at a scam compound.",
        [F("arrested", 30, nationalities={"ID": 30})],
    ),
    Example(
        "foreigners-empty",
        "Police arrested 205 foreigners at a scam compound.",
        [F("arrested", 205, nationalities={})],
    ),
    Example(
        "foreign-nationals-empty",
        "Cambodia deported 2,825 foreign nationals over scams.",
        [F("deported", 2825, nationalities={})],
    ),
    Example(
        "nationality-list-null",
        "Police detained 3,455 scam suspects of 20 different nationalities, including Chinese (mainland and "
        "Taiwan), Vietnamese and Nigerians.",
        [F("arrested", 3455, nationalities={"CN": None, "TW": None, "VN": None, "NG": None})],
    ),
    Example(
        "from-countries-list",
        "Since 2011, Cambodia has deported 800 people from mainland China and Taiwan "
        "over telecom scams.",
        [F("deported", 800, nationalities={"CN": None, "TW": None})],
    ),
    Example(
        "mixed-with-foreign",
        "Over 800 Filipino and foreign workers were rescued from a POGO hub.",
        [F("rescued", 800, nationalities={"PH": None})],
    ),
    Example(
        "including-women",
        "Immigration deported 64 scam suspects, including five women.",
        [F("deported", 64, women=5, men=None)],
    ),
    Example(
        "paren-women-men",
        "Police handed over 161 Vietnamese citizens (including 28 women and 133 men) after "
        "a scam crackdown.",
        [F("deported", 161, women=28, men=133)],
    ),
    Example(
        "who-were-men",
        "All 312 scam suspects, who were men, were flown out of the country.",
        [F("deported", 312, men=312)],
    ),
    Example(
        "all-of-whom-men",
        "Police arrested 40 scam suspects, all of whom were men.",
        [F("arrested", 40, men=40)],
    ),
    Example(
        "of-them-women",
        "Police arrested 225 Chinese nationals, 25 of them women, over a phone scam.",
        [F("arrested", 225, women=25)],
    ),
    Example(
        "among-them-gender",
        "Soldiers arrested 2,198 people at the scam hub, among them 445 women and 1,645 men.",
        [F("arrested", 2198, women=445, men=1645)],
    ),
    Example(
        "colon-breakdown",
        "In the scam raid, 2,198 people were detained: 1,645 men, 445 women and 98 guards.",
        [F("arrested", 2198, women=445, men=1645)],
    ),
    Example(
        "comma-women",
        "Meanwhile, 2,825 foreign nationals, including 476 women, were deported over scams.",
        [F("deported", 2825, women=476)],
    ),
    Example(
        "followup-group",
        "Border guards received 63 Vietnamese citizens handed over by Cambodian authorities "
        "after a scam raid. The group included 59 men and four women.",
        [F("deported", 63, women=4, men=59, country="KH")],
    ),
    Example(
        "followup-among-those",
        "Over 800 workers were rescued from a POGO hub. Among those rescued are "
        "Filipinos, Chinese, Malaysians, and Vietnamese.",
        [F("rescued", 800, nationalities={"PH": None, "CN": None, "MY": None, "VN": None})],
    ),
    Example(
        "followup-were-from",
        "The raid on the POGO hub resulted in the arrest of 29 foreign nationals. "
        "Of these, 22 were Chinese nationals, while six were from Myanmar.",
        [F("arrested", 29, nationalities={"CN": 22, "MM": 6})],
    ),
    Example(
        "followup-definite-count",
        "Border guards received 63 Vietnamese citizens transferred by Cambodian "
        "authorities after a scam raid. Checks showed the 63 citizens, including 59 men and 4 women, came "
        "from 24 provinces.",
        [F("deported", 63, women=4, men=59)],
    ),
    Example(
        "parts-absorbed-into-total",
        "Police Arrest 61 In Scam Raid\n\nPolice arrested 59 Thai and two "
        "Chinese nationals at the scam house.",
        [F("arrested", 61, nationalities={"TH": 59, "CN": 2})],
    ),
    Example(
        "parts-without-total-stay",
        "Police detained 40 Chinese nationals and three Thai nationals in the scam raid.",
        [F("arrested", 40), F("arrested", 3)],
    ),
    Example(
        "citizens-context",
        "Cambodia handed over 161 Vietnamese citizens linked to scams. Among the 161 "
        "citizens, 14 were rescued.",
        [F("deported", 161), F("rescued", 14, nationalities={"VN": 14})],
    ),
    Example(
        "korea-alias",
        "The rescued workers include 158 foreigners from China and Korea, and 29 Filipinos, "
        "after a scam raid that rescued 187 people.",
        [F("rescued", 187)],
    ),
    Example(
        "burmese",
        "Thai police arrested 12 Burmese nationals at a scam call centre.",
        [F("arrested", 12, nationalities={"MM": 12}, country="TH")],
    ),
    Example(
        "laotian",
        "Police arrested 14 Laotians in the online scam crackdown.",
        [F("arrested", 14, nationalities={"LA": 14})],
    ),
    Example(
        "filipinos",
        "Authorities rescued 29 Filipinos from a scam compound.",
        [F("rescued", 29, nationalities={"PH": 29})],
    ),
    Example(
        "women-only",
        "Police rescued 12 women from the scam compound.",
        [F("rescued", 12, women=12)],
    ),
    Example(
        "own-nationals-not-deporter",
        "Cambodian authorities deported 50 Cambodian-born scam suspects.",
        [F("deported", 50, country="KH")],
    ),
]

DATES = [
    Example(
        "additionally-adds-in-the-same-time-frame",
        "Over the past month, raids in Batam led to the arrest of 90 scam suspects. "
        "Additionally, 12 suspects were detained in the city of Medan.",
        [
            F(
                "arrested",
                90,
                scope="cumulative",
                period_start="2026-01-10",
                period_end="2026-02-10",
            ),
            F("arrested", 12, scope="event", period_start="2026-01-10", period_end="2026-02-10"),
        ],
    ),
    Example(
        "since-late-year-opens-in-its-last-quarter",
        "Laos has deported more than 900 Chinese nationals since it launched a crackdown on "
        "online scams in late 2024.",
        [
            F(
                "deported",
                900,
                scope="cumulative",
                period_start="2024-10-01",
                period_end="2026-02-10",
            )
        ],
    ),
    Example(
        "in-late-year-is-its-last-quarter",
        "In late 2025, police arrested 40 scam suspects at a villa in Kampot.",
        [F("arrested", 40, date=None, period_start="2025-10-01", period_end="2025-12-31")],
    ),
    Example(
        "n-days-ago",
        "Police in Kampot arrested 31 scam suspects at a seaside villa three days ago.",
        [F("arrested", 31, date="2026-02-07")],
    ),
    Example(
        "about-a-week-ago",
        "About a week ago, 120 scam suspects were handed over to Chinese police in two groups.",
        [F("deported", 120, date="2026-02-03")],
    ),
    Example(
        "a-few-days-ago-names-no-day",
        "Officers raided a scam compound in Kandal a few days ago and detained 44 workers.",
        [F("arrested", 44, date=None, period_start=None, period_end=None)],
    ),
    Example(
        "day-before-said-dates-the-statement",
        "The ministry Monday said Lao police deported 77 Chinese scam suspects to China on "
        "January 28.",
        [F("deported", 77, date="2026-01-28")],
    ),
    Example(
        "pluperfect-after-another-act",
        "On Monday, the consulate met Cambodian officials to confirm that 52 of its citizens "
        "had been detained in Takeo province in a scam raid.",
        [F("arrested", 52, date=None)],
    ),
    Example(
        "pluperfect-after-a-handover-keeps-its-day",
        "Thai officials on Monday received 75 foreign nationals who had been rescued from scam "
        "compounds across the border.",
        [F("rescued", 75, date="2026-02-09")],
    ),
    Example(
        "largest-since-is-no-running-total",
        "Laos has handed over 640 Chinese scam suspects to China, the largest transfer since the "
        "crackdown began. On Sunday, 640 suspects were handed over at the Boten border crossing.",
        [F("deported", 640, date="2026-02-08", scope="event")],
    ),
    Example(
        "a-page-stamp-is-no-campaign-start",
        "date 2026-02-10 Police in Myanmar have handed over 300 scam suspects to China since the "
        "crackdown began, officials said.",
        [F("deported", 300, period_start=None, period_end="2026-02-10")],
    ),
    Example(
        "in-may-is-the-month",
        "In May, 14 more suspects were detained in Cambodia over the investment scam.",
        [F("arrested", 14, date=None, period_start="2025-05-01", period_end="2025-05-31")],
    ),
    Example(
        "statement-day-gives-way-to-the-raid-day",
        "Forty-one Vietnamese arrested during a raid on a scam compound are being questioned in "
        "Phnom Penh, police said Thursday. They were moved to the capital on Tuesday after a raid "
        "on the compound on Saturday night, police said.",
        [F("arrested", 41, date="2026-02-07")],
        published="2026-02-13",
    ),
    Example(
        "two-days-each-with-its-month",
        "Police arrested 33 scam suspects in raids on Feb 3 and Feb 6 in Kandal province.",
        [F("arrested", 33, date=None, period_start="2026-02-03", period_end="2026-02-06")],
    ),
    Example(
        "two-days-across-a-month-end",
        "Police arrested 47 scam workers in raids on Jan 30 and Feb 2 in Svay Rieng.",
        [F("arrested", 47, date=None, period_start="2026-01-30", period_end="2026-02-02")],
    ),
    Example(
        "the-deportees-boarded-on-a-day",
        "Immigration officers have deported 40 Chinese nationals caught working for scam "
        "companies. In a statement on Tuesday, the bureau said the deportees boarded a chartered "
        "flight on Monday night.",
        [F("deported", 40, date="2026-02-09")],
    ),
    Example(
        "on-the-same-day",
        "Immigration deported 40 Chinese scam workers on Monday. The bureau said 12 Vietnamese "
        "nationals, also scam workers, were deported on the same day via another airport.",
        [
            F("deported", 40, date="2026-02-09"),
            F("deported", 12, date="2026-02-09", nationalities={"VN": 12}),
        ],
    ),
    Example(
        "round-up-frame-without-a-figure",
        "From July 2025 to early 2026, authorities cracked down on scam networks nationwide.\n\n"
        "More than 5,000 foreign nationals were deported.",
        [
            F(
                "deported",
                5000,
                scope="cumulative",
                period_start="2025-07-01",
                period_end="2026-02-10",
            )
        ],
    ),
    Example(
        "the-raids-conducted-over-the-weekend",
        "Police said on Monday they had raided three scam offices in a border town.\n\n"
        "The raids, conducted over the weekend in Poipet, followed a tip from Thai police.",
        [
            F(
                "raided",
                3,
                date=None,
                period_start="2026-02-07",
                period_end="2026-02-08",
                admin1="Banteay Meanchey",
                place="Poipet",
            )
        ],
        published="2026-02-10",
    ),
    Example(
        "still-detaining-is-not-that-days-action",
        "Police arrested 20 scam suspects on Sunday. Police were still detaining three other "
        "suspects from Taiwan.",
        [F("arrested", 20, date="2026-02-08"), F("arrested", 3, date=None)],
    ),
    Example(
        "since-the-event-an-earlier-sentence-dates",
        "The ministry reorganised the provincial anti-scam unit in May 2024.\nSince the "
        "reorganisation, officers have carried out 12 operations in Kandal province, resulting "
        "in 215 arrests of scam suspects.",
        [
            F(
                "arrested",
                215,
                scope="cumulative",
                period_start="2024-05-01",
                period_end="2026-02-10",
            )
        ],
    ),
    Example(
        "a-headline-verb-raids-is-one-operation",
        "DSI raids call-centre gang in Kandal, 71 arrested\n\nOfficers on Thursday detained "
        "suspects at four houses used by a scam gang.",
        [F("arrested", 71, scope="event")],
    ),
    Example(
        "a-captions-day-is-not-the-day-of-the-operation",
        "Police raided a scam gang's call centre, in a video posted to their Facebook page on "
        "Feb. 6, 2026.\nSecurity forces detained 340 people in a raid on a call centre in Kandal "
        "province.",
        [F("arrested", 340, scope="event", date=None)],
    ),
    Example(
        "a-deadline-is-not-the-day-of-the-operation",
        "Scam centres in the zone have until Sunday to shut down.\nSecurity forces detained 340 "
        "people in a raid on a call centre in Kandal province.",
        [F("arrested", 340, scope="event", date=None)],
    ),
    Example(
        "a-consequence-clause-follows-its-own-clause-only",
        "Police have shut down hundreds of scam sites so far, while one building was raided in "
        "Kampot on Monday, leading to 12 arrests.",
        [
            F("closed", 100, scope="cumulative"),
            F("raided", 1, scope="event"),
            F("arrested", 12, scope="event", date="2026-02-09"),
        ],
    ),
    Example(
        "a-campaign-that-began-runs-to-the-report",
        "At least 90 scam bosses had been arrested in a campaign that began last year, the "
        "minister said.",
        [F("arrested", 90, scope="cumulative", period_start="2025-01-01", period_end="2026-02-10")],
    ),
    Example(
        "a-weekday-of-last-week",
        "Police on Monday last week arrested 27 fraud suspects in a rented villa, before "
        "detaining four more Taiwanese on Saturday.",
        [F("arrested", 27, date="2026-02-02"), F("arrested", 4, date="2026-02-07")],
    ),
    Example(
        "the-criminals-operations-are-not-a-series-of-raids",
        "About 400 foreigners were detained by police at a compound in Kandal province, which "
        "earlier reports had linked to online scam operations.",
        [F("arrested", 400, scope="event")],
    ),
    Example(
        "operation-day-from-the-sentence-before",
        "Police raided a scam compound in Kandal province on Friday.\nMore than 90 people were"
        " detained at the compound.",
        [F("arrested", 90, scope="event", date="2026-02-06")],
    ),
    Example(
        "operation-day-from-the-sentence-after",
        "Officers rescued 45 workers from a scam compound in Pursat.\nThe raid took place on"
        " Sunday after a tip-off.",
        [F("rescued", 45, scope="event", date="2026-02-08")],
    ),
    Example(
        "handover-day-is-not-the-arrest-day",
        "Cambodia handed over 70 Thai nationals at the border on Friday.\nThe 70 had been"
        " detained in a scam raid, and 12 of them had been arrested in a separate case.",
        [
            F("deported", 70, date="2026-02-06"),
            F("arrested", 70, date=None),  # a second action on the group (CODEBOOK §4)
            F("arrested", 12, date=None),
        ],
    ),
    Example(
        "a-total-of-is-not-a-running-total",
        "A police officer said a total of 88 Chinese nationals were deported over online fraud.",
        [F("deported", 88, scope="event")],
    ),
    Example(
        "present-perfect-total-is-running",
        "Police have detained a total of 140 members of the fraud ring.",
        [F("arrested", 140, scope="cumulative")],
    ),
    Example(
        "weekday-past",
        "Police arrested 40 scam suspects on Sunday.",
        [F("arrested", 40, date="2026-02-08")],
    ),
    Example(
        "weekday-same-day",
        "Police arrested 40 scam suspects on Tuesday.",
        [F("arrested", 40, date="2026-02-10")],
    ),
    Example(
        "month-abbrev",
        "The deportations of 312 scam suspects were carried out on Feb. 8.",
        [F("deported", 312, date="2026-02-08")],
    ),
    Example(
        "day-month-year",
        "On 14 July 2025, police arrested 50 scam suspects.",
        [F("arrested", 50, date="2025-07-14")],
    ),
    Example(
        "month-day-year",
        "On January 8, 2020, immigration expelled 61 Chinese nationals over fraud.",
        [F("deported", 61, date="2020-01-08")],
    ),
    Example(
        "night-of",
        "On the night of October 17, 2025, immigration deported 64 scam suspects.",
        [F("deported", 64, date="2025-10-17")],
    ),
    Example(
        "yesterday",
        "Police detained 166 scam suspects yesterday.",
        [F("arrested", 166, date="2026-02-09")],
    ),
    Example(
        "last-week",
        "Police arrested 30 scam suspects last week.",
        [F("arrested", 30, date="2026-02-03")],
    ),
    Example(
        "month-only",
        "Prosecutors charged 14 people over the scam in September.",
        [F("charged", 14, scope="event", period_start="2025-09-01", period_end="2025-09-30")],
    ),
    Example(
        "last-month-name",
        "A similar VoIP scam last November resulted in the arrest of 170 people.",
        [F("arrested", 170, period_start="2025-11-01", period_end="2025-11-30")],
    ),
    Example(
        "from-to-range-cumulative",
        "From 27 June to 14 October 2025, authorities raided 92 scam locations.",
        [F("raided", 92, scope="cumulative", period_start="2025-06-27", period_end="2025-10-14")],
    ),
    Example(
        "two-day-operation",
        "In a two-day operation against online fraud from March 9 to 10, police arrested "
        "479 people.",
        [F("arrested", 479, scope="event", period_start="2025-03-09", period_end="2025-03-10")],
    ),
    Example(
        "day-range-dash",
        "On December 11-12, border guards received 410 citizens deported from Cambodia over scams.",
        [F("deported", 410, period_start="2025-12-11", period_end="2025-12-12")],
    ),
    Example(
        "since-early-month",
        "As of Feb. 12, several thousand foreign nationals had been sent home since early "
        "February over scams.",
        [
            F(
                "deported",
                1000,
                scope="cumulative",
                period_start="2026-02-01",
                period_end="2026-02-12",
            )
        ],
        published="2026-02-13",
    ),
    Example(
        "jan1-to-early-feb",
        "From Jan. 1 to early February, police shut down nearly 200 scam sites.",
        [F("closed", 200, scope="cumulative", period_start="2026-01-01", period_end="2026-02-10")],
    ),
    Example(
        "past-two-years",
        "Over the past two years, Cambodia has expelled more than 15,000 foreigners linked to scams.",
        [
            F(
                "deported",
                15000,
                scope="cumulative",
                period_start="2024-02-10",
                period_end="2026-02-10",
            )
        ],
    ),
    Example(
        "so-far-this-year",
        "So far this year police have arrested 1,200 scam suspects.",
        [
            F(
                "arrested",
                1200,
                scope="cumulative",
                period_start="2026-01-01",
                period_end="2026-02-10",
            )
        ],
    ),
    Example(
        "since-year",
        "Since 2011, Cambodia has deported 800 people over telecom scams.",
        [
            F(
                "deported",
                800,
                scope="cumulative",
                period_start="2011-01-01",
                period_end="2026-02-10",
            )
        ],
    ),
    Example(
        "since-month-last-year",
        "Cambodia has deported more than 30,000 scam suspects since June last year.",
        [
            F(
                "deported",
                30000,
                scope="cumulative",
                period_start="2025-06-01",
                period_end="2026-02-10",
            )
        ],
    ),
    Example(
        "to-date",
        "To date, Cambodia has arrested 173 scam ringleaders.",
        [F("arrested", 173, scope="cumulative", period_end="2026-02-10")],
    ),
    Example(
        "roundup-carried",
        "From 27 June to 14 October 2025, police raided 92 scam locations. As a result, "
        "authorities detained 3,455 suspects. Meanwhile, 2,825 foreign nationals were deported.",
        [
            F("raided", 92, scope="cumulative"),
            F(
                "arrested",
                3455,
                scope="cumulative",
                period_start="2025-06-27",
                period_end="2025-10-14",
            ),
            F(
                "deported",
                2825,
                scope="cumulative",
                period_start="2025-06-27",
                period_end="2025-10-14",
            ),
        ],
    ),
    Example(
        "roundup-not-backwards",
        "Previously, Cambodia had deported 180 scam suspects. From 27 June to 14 "
        "October 2025, police raided 92 scam locations.",
        [F("deported", 180, scope="event", date=None, period_start=None), F("raided", 92)],
    ),
    Example(
        "pronoun-inherits-time",
        "This past weekend, police raided two scam locations. They arrested 61 people.",
        [
            F("raided", 2, period_start="2026-02-07", period_end="2026-02-08"),
            F("arrested", 61, period_start="2026-02-07", period_end="2026-02-08"),
        ],
    ),
    Example(
        "announced-day",
        "The ministry said on Monday that 406 scam suspects were deported.",
        [F("deported", 406, date="2026-02-09")],
    ),
    Example(
        "explicit-over-announced",
        "The ministry said on Monday that 406 scam suspects were deported on Feb. 7.",
        [F("deported", 406, date="2026-02-07")],
    ),
    Example(
        "no-date",
        "Police arrested 40 scam suspects in a raid.",
        [F("arrested", 40, date=None, scope="event")],
    ),
    Example(
        "date-followup",
        "Cambodia deported 312 scam suspects. The deportations were carried out on Feb. 8.",
        [F("deported", 312, date="2026-02-08")],
    ),
    Example(
        "year-inferred-back",
        "On Dec. 30, police arrested 44 scam suspects.",
        [F("arrested", 44, date="2025-12-30")],
    ),
    Example(
        "term-cumulative",
        "During the sixth term of the government, over 21,000 foreigners involved in "
        "cybercrime were expelled.",
        [F("deported", 21000, scope="cumulative", period_start=None)],
    ),
    Example(
        "campaign-start",
        "The campaign began at the end of last year. To date, Cambodia has deported 11,000 "
        "scam workers.",
        [F("deported", 11000, scope="cumulative", period_start="2025-12-01")],
    ),
    Example(
        "iso-furniture-ignored",
        "date 2026-02-10 Police arrested 40 scam suspects in a raid.",
        [F("arrested", 40, date=None)],
    ),
    Example(
        "each-item-own-date",
        "Police arrested 20 scam suspects on Monday and 30 more on Friday.",
        [F("arrested", 20, date="2026-02-09"), F("arrested", 30, date="2026-02-06")],
    ),
    Example(
        "bringing-total",
        "The handover brought the total number of citizens deported over scams to 213.",
        [F("deported", 213, scope="cumulative")],
    ),
    Example(
        "mid-month",
        "Since mid-January, police have arrested 500 scam suspects.",
        [F("arrested", 500, scope="cumulative", period_start="2026-01-11")],
    ),
]

PLACES = [
    Example(
        "deportation-leaves-by-the-airport-named-later",
        "Immigration police deported 52 Chinese nationals linked to online fraud on Monday.\n\n"
        "The group left the country from Siem Reap Angkor International Airport on a chartered "
        "flight, an immigration official said.",
        [F("deported", 52, place="Siem Reap Angkor International Airport")],
    ),
    Example(
        "deportation-leaves-by-a-lowercase-border-gate",
        "Cambodia deported 37 Vietnamese scam workers on Friday.\n\n"
        "They were handed over through the Xa Mat international border gate in the afternoon.",
        [F("deported", 37, place="Xa Mat international border gate")],
    ),
    Example(
        "arrival-airport-is-not-where-they-left",
        "Thailand deported 18 Japanese fraud suspects on Tuesday.\n\n"
        "Upon arrival at Kansai Airport, they were taken to a police station in Osaka.",
        [F("deported", 18, place=None)],
    ),
    Example(
        "flight-to-an-airport-is-not-where-they-left",
        "Laos deported 26 Korean scam suspects on Sunday.\n\n"
        "They were sent home on a charter flight to Incheon International Airport.",
        [F("deported", 26, place=None)],
    ),
    Example(
        "two-deportations-share-no-exit",
        "Cambodia deported 40 Chinese scam suspects on Monday and 12 Thai workers on Tuesday.\n\n"
        "One of the groups left from Phnom Penh International Airport on a chartered flight.",
        [F("deported", 40, place=None), F("deported", 12, place=None)],
    ),
    Example(
        "arrested-by-their-own-country-after-deportation",
        "Thirty Korean scam suspects were arrested on their flight on Monday after being deported "
        "from Laos.",
        [F("arrested", 30, country="KR"), F("deported", 30, country="LA")],
    ),
    Example(
        "archive-date-stamp-before-dateline",
        " date 2026-02-10 Manila: Immigration officers deported 40 Chinese scam workers on Monday.",
        [F("deported", 40, admin1=None, place=None)],
    ),
    Example(
        "named-district-in-the-sentence",
        "Cambodia deported 30 Chinese nationals from Techo International Airport on Friday.\n\n"
        "Twelve of them had been arrested on May 3 in a raid on a scam villa in Phnom Penh's Tuol "
        "Kork district.",
        [
            F("deported", 30, place="Techo International Airport"),
            F("arrested", 12, place="Tuol Kork district"),
        ],
    ),
    Example(
        "victims-received-from-another-side",
        "Thai officials received 120 foreign nationals (100 men and 20 women) from the Myanmar "
        "side on Monday after they were freed from scam compounds.",
        [F("rescued", 120, country="MM", men=100, women=20)],
    ),
    Example(
        "rescue-is-where-they-were-freed",
        "Thai police rescued 40 Thai workers from a scam compound in Cambodia on Sunday.",
        [F("rescued", 40, country="KH", nationalities={"TH": 40})],
    ),
    Example(
        "who-asked-is-not-who-acted",
        "Cambodian police raided a villa in Kampot on Monday and arrested 45 scam suspects. "
        '"Acting on the instruction of Chinese police we arrested 45 people," a spokesman said.',
        [F("arrested", 45, country="KH", admin1="Kampot")],
    ),
    Example(
        "own-people-freed-abroad",
        "After talks between Indonesian police who flew to Myanmar and the scam gang's bosses, 31 "
        'Indonesian nationals were rescued on Sunday. "With help from our Lao counterparts we '
        'have rescued 90 Indonesians so far," a police general said.',
        [
            F("rescued", 31, country="MM", nationalities={"ID": 31}),
            F("rescued", 90, country="LA", nationalities={"ID": 90}),
        ],
    ),
    Example(
        "own-citizens-received-are-deported",
        "Thai officials received 120 Thai citizens from the Myanmar side on Monday after a scam "
        "raid.",
        [F("deported", 120, country="MM")],
    ),
    Example(
        "the-southern-province-named-later",
        "Police arrested 40 people when they raided two scam offices in the southern province "
        "on Monday.\n\nThe suspects were taken to a police station in Songkhla.",
        [
            F("arrested", 40, admin1="Songkhla", country="TH"),
            F("raided", 2, admin1="Songkhla", country="TH"),
        ],
    ),
    Example(
        "the-articles-one-province",
        "Thai police dismantled a scam gang in Songkhla province last week.\n\n"
        "The gang had rented a hotel for a year.\n\n"
        "Officers arrested 33 people and seized 40 phones.",
        [F("arrested", 33, admin1="Songkhla", country="TH")],
    ),
    Example(
        "one-province-of-a-deportation-story-is-its-airport",
        "Thai police arrested 33 people at a scam office on Monday. Thailand deported 12 other "
        "suspects from Bangkok on Friday.",
        [F("arrested", 33, admin1=None), F("deported", 12, admin1="Bangkok")],
    ),
    Example(
        "agent-province-forces",
        "Twenty Vietnamese nationals who fled a scam compound in Cambodia were detained by An "
        "Giang border guards on Monday.",
        [F("arrested", 20, country="VN", admin1="An Giang")],
    ),
    Example(
        "a-partner-is-not-who-acted",
        "Operations were conducted in coordination with Chinese authorities, leading to the "
        "arrest of 140 scam suspects in Batam on Monday.",
        [F("arrested", 140, country="ID", place="Batam")],
    ),
    Example(
        "no-country-deports-its-own-and-the-sender-is-said-elsewhere",
        "Japanese police arrested nine Japanese nationals involved in phone scams after their "
        "deportation from the Philippines.\nThe nine suspects were deported to Japan on Tuesday.",
        [
            F("arrested", 9, country="JP"),
            F("deported", 9, country="PH", date="2026-02-10", nationalities={"JP": 9}),
        ],
    ),
    Example(
        "the-one-site-of-the-article-named-by-its-acronym",
        "The Golden Triangle Special Economic Zone (SEZ) in Bokeo province is a hub of scam "
        "centres.\nPolice have stepped up patrols in the SEZ.\nA total of 340 people were "
        "detained on Monday in a raid on a scam ring.",
        [
            F(
                "arrested",
                340,
                place="Golden Triangle Special Economic Zone",
                admin1="Bokeo",
                country="LA",
            )
        ],
    ),
    Example(
        "region-division-vietnam",
        "Police in Da Nang detained 41 Chinese nationals running an online gambling ring.",
        [F("arrested", 41, country="VN", admin1="Da Nang", nationalities={"CN": 41})],
    ),
    Example(
        "region-town-indonesia",
        "Immigration officers arrested 62 foreigners at a housing estate in Batam over a"
        " romance scam.",
        [F("arrested", 62, country="ID", admin1="Riau Islands", place="Batam")],
    ),
    Example(
        "places-outweigh-foreign-police",
        "Fraud suspects flown out\nChinese police officers waited at the airport in Phnom Penh."
        " Chinese police stood by"
        " the fraud suspects in Phnom Penh, and the plane left Phnom Penh at noon."
        " Officers had arrested 19 Taiwanese suspects at a villa on Monday.",
        [F("arrested", 19, country="KH")],
    ),
    Example(
        "citizens-home-provinces-are-not-the-scene",
        "Police detained 52 Vietnamese citizens in a raid on a scam compound. The"
        " 52 citizens come from provinces across Vietnam, including Tay Ninh, Long An and Can"
        " Tho. Officials in An Giang said they would receive them.",
        [F("arrested", 52, country="KH", admin1=None, nationalities={"VN": 52})],
    ),
    Example(
        "passive-agent-country",
        "Vietnamese authorities received 30 citizens on Friday who had been detained by"
        " Cambodian police in a scam crackdown.",
        [F("arrested", 30, country="KH")],
        published="2026-02-14",
    ),
    Example(
        "operation-place-carried",
        "Thai and Cambodian officers raided a scam building in Poipet on Saturday. Thai officials"
        " praised the work of Thai police.\nDuring the operation, 75 people were taken into"
        " custody.",
        [F("arrested", 75, country="KH", admin1="Banteay Meanchey", place="Poipet")],
    ),
    Example(
        "authority-name-is-not-the-scene",
        "Police raided a scam compound in Bokeo Province on Monday. The bosses were arrested"
        " with support from Lai Chau Provincial Police.\nDuring the raid, 80 people were"
        " detained.",
        [F("arrested", 80, country="LA", admin1="Bokeo")],
    ),
    Example(
        "province-alias-sihanoukville",
        "Police in Sihanoukville arrested 40 scam suspects.",
        [F("arrested", 40, admin1="Preah Sihanouk", country="KH")],
    ),
    Example(
        "province-alias-sihanouk-province",
        "On Feb. 10, police in Sihanouk Province dismantled a fraud ring, "
        "detaining more than 800 suspects.",
        [F("arrested", 800, admin1="Preah Sihanouk")],
    ),
    Example(
        "province-alias-kampong-som",
        "Police in Kampong Som arrested 22 scam workers.",
        [F("arrested", 22, admin1="Preah Sihanouk")],
    ),
    Example(
        "province-plain",
        "Police raided a scam compound in Svay Rieng Province, arresting more than 2,000 suspects.",
        [F("arrested", 2000, admin1="Svay Rieng")],
    ),
    Example(
        "town-bavet",
        "Police arrested 120 scam suspects at a casino in Bavet.",
        [F("arrested", 120, admin1="Svay Rieng", place="Bavet")],
    ),
    Example(
        "town-poipet",
        "Police arrested 118 Chinese nationals in Poipet over a phone scam.",
        [F("arrested", 118, admin1="Banteay Meanchey", place="Poipet")],
    ),
    Example(
        "site-casino",
        "Police arrested 118 Chinese nationals at the Golden Crown Casino in Poipet over a scam.",
        [F("arrested", 118, admin1="Banteay Meanchey", place="Golden Crown Casino")],
    ),
    Example(
        "site-airport",
        "All 312 scam suspects were flown out from Techo International Airport.",
        [F("deported", 312, place="Techo International Airport", admin1=None)],
    ),
    Example(
        "airport-named-for-city",
        "Immigration officials at Phnom Penh International Airport expelled 61 scam suspects.",
        [F("deported", 61, admin1="Phnom Penh", place="Phnom Penh International Airport")],
    ),
    Example(
        "province-list",
        "Police proceeded with 10 criminal cases in Phnom Penh, Kandal, Preah Sihanouk, "
        "and Kampot provinces over fraud.",
        [F("charged", 10, admin1="Phnom Penh; Kandal; Preah Sihanouk; Kampot")],
    ),
    Example(
        "dateline-not-place",
        "PHNOM PENH — Immigration deported 40 scam suspects on Monday.",
        [F("deported", 40, admin1=None)],
    ),
    Example(
        "dateline-paren-not-place",
        "(Phnom Penh): Immigration deported 40 scam suspects on Monday.",
        [F("deported", 40, admin1=None)],
    ),
    Example(
        "myanmar-kk-park",
        "Myanmar's military said it arrested more than 2,000 people in a raid on KK Park, "
        "a scam centre.",
        [F("arrested", 2000, country="MM", admin1="Kayin", place="KK Park")],
    ),
    Example(
        "myanmar-shan",
        "Police arrested 300 scam workers in Laukkaing.",
        [F("arrested", 300, country="MM", admin1="Shan", place="Laukkaing")],
    ),
    Example(
        "philippines-town",
        "Authorities raided a POGO hub in Silang, Cavite, resulting in the arrest of 29 "
        "foreign nationals.",
        [F("arrested", 29, country="PH", admin1="Cavite", place="Silang")],
    ),
    Example(
        "philippines-city",
        "A raid at a POGO facility in Angeles City, Pampanga resulted in the rescue of "
        "187 workers.",
        [F("rescued", 187, country="PH", admin1="Pampanga", place="Angeles City")],
    ),
    Example(
        "philippines-tarlac",
        "Over 800 workers were rescued from a POGO hub in Tarlac.",
        [F("rescued", 800, country="PH", admin1="Tarlac")],
    ),
    Example(
        "receiving-country",
        "Border guards at the Hoa Lư International Border Gate received 63 Vietnamese "
        "citizens handed over by Cambodian authorities after a scam raid.",
        [F("deported", 63, country="KH", place="Hoa Lu International Border Gate", admin1=None)],
    ),
    Example(
        "multinational-null",
        "Police in Taiwan, Indonesia, Thailand and Malaysia arrested 313 Chinese citizens "
        "in similar scam raids.",
        [F("arrested", 313, country=None)],
    ),
    Example(
        "actor-list",
        "Cambodian, Chinese authorities arrest 115 Chinese nationals at a Poipet scam casino.",
        [F("arrested", 115, country="KH")],
    ),
    Example(
        "provincial-anaphora",
        "Scam raids continued in Kampot province. The provincial authorities arrested 40 people.",
        [F("arrested", 40, admin1="Kampot")],
    ),
    Example(
        "nearest-place-after",
        "At least 11 buildings were raided in Phnom Penh and one scam location "
        "investigated in Siem Reap.",
        [F("raided", 11, admin1="Phnom Penh"), F("raided", 1, admin1="Siem Reap")],
    ),
    Example(
        "attribution-place-ignored",
        "More than 30,000 scam suspects have been deported, he said at an event in Phnom Penh.",
        [F("deported", 30000, admin1=None)],
    ),
    Example(
        "agency",
        "The General Department of Immigration deported 40 scam suspects.",
        [F("deported", 40, agency="General Department of Immigration")],
    ),
    Example(
        "agency-many-words",
        "The Ministry of Labour and Vocational Training said 40 workers were rescued from a "
        "scam compound.",
        [F("rescued", 40, agency="Ministry of Labour and Vocational Training")],
    ),
    Example(
        "agency-of-two-words",
        "The Ministry of Public Security said 52 fraud suspects were arrested.",
        [F("arrested", 52, agency="Ministry of Public Security")],
    ),
    Example(
        "agency-not-the-spokesman",
        "Ministry of Interior spokesman Touch Sokhak said police arrested 30 people in a scam "
        "raid.",
        [F("arrested", 30, agency="Ministry of Interior")],
    ),
    Example(
        "thai-acting",
        "Thai police arrested 30 scam suspects in Mae Sot.",
        [F("arrested", 30, country="TH", admin1="Tak", place="Mae Sot")],
    ),
    Example(
        "single-site-article",
        "Soldiers raided the KK Park compound. The army said 2,198 people were "
        "detained at KK Park after the scam raid. Later 40 more people were detained.",
        [F("arrested", 2198, place="KK Park"), F("arrested", 40, place="KK Park")],
    ),
    Example(
        "the-arrests-followup-places-them",
        "Police detained more than 600 foreigners on Tuesday after a tip-off about a scam "
        "compound. The arrests, carried out at dawn, targeted a compound known as Golden Fortune "
        "Park in Pursat province.",
        [F("arrested", 600, admin1="Pursat", place="Golden Fortune Park")],
    ),
    Example(
        "the-one-airport-is-no-arrest-site",
        "Korean police arrested 40 scam suspects aboard a charter flight from Cambodia. The plane "
        "landed at Incheon Airport, where families waited. Incheon Airport was closed to the "
        "press. In a similar case, police arrested 12 people in March.",
        [F("arrested", 40, place=None), F("arrested", 12, place=None)],
    ),
    Example(
        "the-one-site-is-no-place-of-a-total",
        "Soldiers raided KK Park on Friday and detained 300 scam workers. Since January, police "
        "have arrested more than 4,000 people in Karen State and beyond. KK Park was the largest "
        "compound raided so far.",
        [F("arrested", 300, place="KK Park"), F("arrested", 4000, place=None)],
    ),
]

NOT_A_FIGURE = [
    Example(
        "counts-of-a-charge",
        "Each scam suspect is charged with one count of fraud; the leader is charged with five "
        "counts of money laundering.",
        [],
    ),
    Example(
        "sex-trafficking-is-no-scam-compound",
        "Police arrested 12 men for sex trafficking after two victims escaped on Monday.",
        [],
    ),
    Example(
        "one-after-another",
        "Scam gangs based abroad have been caught one after another over the past few years.",
        [],
    ),
    Example(
        "criminals-freed-people",
        "Scam networks have freed more than 300 Lao workers this month, officials said.",
        [],
    ),
    Example(
        "deportation-delayed",
        "The ministry said the deportation of 20 Thai scam suspects from Laos has been delayed.",
        [],
    ),
    Example(
        "police-freed-people",
        "Police have freed more than 300 Lao workers from scam compounds this month.",
        [F("rescued", 300)],
    ),
    Example(
        "caught-by-compound-guards",
        "Sixty workers ran away from the scam compound. Four of them were caught by the "
        "compound's guards.",
        [],
    ),
    Example("money", "Scammers stole $3,000 from villagers; police arrested no one.", []),
    Example("money-words", "The fraud ring laundered 20 million dollars.", []),
    Example("years", "In 2023, the scam compound opened.", []),
    Example("age", "The scam boss, 37, was arrested.", []),
    Example("age-range", "Returnees aged 16 to 44 were screened after the scam raid.", []),
    Example("year-old", "A 26-year-old scam worker was rescued.", []),
    Example("prison-term", "The scam leader was sentenced to 10 years in prison.", []),
    Example("officers-deployed", "Some 700 law enforcement officers raided a scam compound.", []),
    Example("officers-mid", "About 100 police officers arrived to arrest three scammers.", []),
    Example("devices", "Soldiers seized 30 Starlink satellites from the scam hub.", []),
    Example("phones", "Police confiscated 300 mobile phones at the scam compound.", []),
    Example("phone-number", "Victims of the scam can call 012 345 678 for help.", []),
    Example("percent", "Scam reports rose 40 percent.", []),
    Example("future-will", "Authorities will deport 200 scam suspects next week.", []),
    Example("future-to-be", "Some 200 scam suspects are to be deported.", []),
    Example("set-for", "The 200 scam suspects are set for deportation.", []),
    Example(
        "pending",
        "Thirty-eight remain in custody pending their deportation to China over the scam.",
        [],
    ),
    Example("pledge", "Officials pledged to arrest 1,000 scam bosses.", []),
    Example("infinitive", "Police descended on the hall to arrest three alleged scammers.", []),
    Example(
        "voluntary",
        "More than 210,000 foreigners departed Cambodia voluntarily amid the scam crackdown.",
        [],
    ),
    Example(
        "left-on-own",
        "Around 1,000 Indonesians left scam compounds and gathered outside the embassy.",
        [],
    ),
    Example(
        "nationalities-count", "Workers of 20 nationalities were found at the scam compound.", []
    ),
    Example("provinces-count", "The scam crackdown covered 18 provinces.", []),
    Example(
        "households",
        "Over 28,000 households applied for residency, officials said of scam risks.",
        [],
    ),
    Example(
        "residency", "Some 315 individuals held residency permits, scam investigators said.", []
    ),
    Example("time-of-day", "Police arrived at 10 a.m. at the scam compound.", []),
    Example("flight-number", "Flight MF 8810 carried the scam suspects.", []),
    Example("article-law", "Article 29 of the law covers online scams.", []),
    Example(
        "released-after-checks",
        "Police arrested 118 people at a scam casino. Eighty of those arrested were "
        "later released after fingerprint checks.",
        [F("arrested", 118)],
    ),
    Example(
        "handed-to-domestic-police",
        "The remaining 72 were handed over to the provincial police after the scam raid.",
        [],
    ),
    Example(
        "off-topic-immigration",
        "Police deported 217 Chinese nationals for breaking immigration laws.",
        [],
    ),
    Example("off-topic-no-keyword", "Police arrested 40 people after a brawl at a wedding.", []),
    Example(
        "on-topic-held-in-casinos",
        "Thailand hands over 30 Lao workers tricked into working at casinos\n\n"
        "The group crossed the border on Monday.",
        [F("deported", 30, country="TH", nationalities={"LA": 30})],
    ),
    Example(
        "separate-transfers-total",
        "Border guards have received a total of 120 Thai citizens repatriated from Cambodian "
        "scam compounds in "
        "four separate transfers, officials said on Monday.",
        [F("deported", 120, scope="cumulative")],
    ),
    Example(
        "relative-clause-earlier-action",
        "Border guards received 30 Lao citizens, who had been rescued from a scam compound and "
        "handed over by Thai authorities, at the Nong Khai checkpoint on Monday.",
        [
            F("deported", 30, country="TH", nationalities={"LA": 30}, date="2026-02-09"),
            F("rescued", 30, country="TH", nationalities={"LA": 30}, date=None, place=None),
        ],
    ),
    Example(
        "off-topic-casino-without-victims",
        "Police arrested 12 people for a brawl outside a casino on Monday.",
        [],
    ),
    Example(
        "in-one-raid",
        "Police raided two scam locations. In one raid, police found a fake police station.",
        [F("raided", 2)],
    ),
    Example("losses", "Victims lost 7,500 dollars to the scam.", []),
    Example(
        "buildings-unregistered",
        "The army found more than 260 buildings unregistered at the scam hub.",
        [],
    ),
    Example("floors-rooms", "The scam building had seven floors of 57 rooms.", []),
    Example("empty-text", "", []),
    Example("no-numbers", "Police continue to crack down on online scams across the country.", []),
    Example("warrant", "Police obtained 3 arrest warrants for the scam bosses.", []),
    Example(
        "starlink-shutdown",
        "SpaceX announced the shutdown of more than 2,500 Starlink devices used by scammers.",
        [],
    ),
]

MERGING = [
    Example(
        "repeated-headline-with-a-caption",
        "Laos deports 96 Chinese nationals over romance scams\n\nBy a staff writer\n"
        "Laos deports 96 Chinese nationals over romance scams Officers stand beside suspects "
        "detained in a raid at Kings Romans Casino, Jan. 20, 2026.\n\nLao authorities on Monday "
        "deported 96 Chinese nationals accused of running romance scams. They left on a charter "
        "flight from Wattay International Airport.",
        [F("deported", 96, date="2026-02-09", place="Wattay International Airport")],
    ),
    Example(
        "headline-lead-faq",
        "Cambodia deports 312 Chinese nationals over scams\n\nCambodian authorities have "
        "deported 312 Chinese nationals suspected of online scams. The 312 Chinese nationals were flown out "
        "on Feb. 8.",
        [F("deported", 312, date="2026-02-08")],
    ),
    Example(
        "headline-country-gives-way-to-body",
        "40 Vietnamese deported via Moc Bai\nCambodian police deported 40 Vietnamese "
        "nationals linked to online scams through the Moc Bai border gate on Sunday.",
        [F("deported", 40, country="KH", nationalities={"VN": 40}, date="2026-02-08")],
    ),
    Example(
        "headline-demonym-is-not-the-actor",
        "75 Chinese flown home from Techo airport\nMore than 70 Chinese citizens suspected of "
        "online fraud were flown out of Techo International Airport on Saturday.",
        [F("deported", 70, qualifier="more_than", country="KH", date="2026-02-07")],
    ),
    Example(
        "exact-over-rounded",
        "Police arrested nearly 1,800 scam suspects in the raid. In all, 1,792 people "
        "were arrested.",
        [F("arrested", 1792, qualifier="exact")],
    ),
    Example(
        "more-than-then-exact",
        "The military arrested more than 2,000 people at the scam hub. Authorities "
        "arrested 2,198 people, among them 445 women.",
        [F("arrested", 2198, women=445)],
    ),
    Example(
        "body-over-headline",
        "Police arrest 115 in Poipet scam raid\n\nPolice arrested 118 Chinese nationals "
        "on Thursday at a Poipet scam casino.",
        [F("arrested", 118)],
    ),
    Example(
        "vague-headline-merged",
        "Army detains thousands at scam centre\n\nThe army detained more than 2,000 "
        "people at the scam centre.",
        [F("arrested", 2000, qualifier="more_than")],
    ),
    Example(
        "different-dates-not-merged",
        "Police arrested more than 2,000 scam suspects on Jan. 31. On Feb. 10, "
        "police detained more than 800 scam suspects.",
        [F("arrested", 2000), F("arrested", 800)],
    ),
    Example(
        "different-actions-not-merged",
        "Police arrested 800 scam suspects on Feb. 10. On Feb. 11, 800 "
        "foreign nationals were deported.",
        [F("arrested", 800), F("deported", 800)],
    ),
    Example(
        "two-approximate-totals",
        "Over the past two years, Cambodia has expelled more than 15,000 scam "
        "suspects. During the sixth term, over 21,000 foreigners were expelled for scams.",
        [F("deported", 15000), F("deported", 21000)],
    ),
    Example(
        "vague-total-kept",
        "Police made hundreds of arrests in the scam raids, including 205 foreigners "
        "arrested on Monday.",
        [F("arrested", 100, qualifier="vague"), F("arrested", 205)],
    ),
    Example(
        "sum-of-dated-parts-dropped",
        "Three raids on Wednesday and three more on Friday hit scam compounds. "
        "The six raids were disclosed on Saturday.",
        [F("raided", 3), F("raided", 3)],
    ),
    Example(
        "same-count-same-sentence-two",
        "Police arrested 20 scam suspects on Monday and 20 on Friday.",
        [F("arrested", 20), F("arrested", 20)],
    ),
    Example(
        "vague-not-restating-smaller",
        "Thousands of scam workers were sent home this month. In a single "
        "operation on Feb. 9, more than 800 foreign nationals were deported.",
        [F("deported", 1000), F("deported", 800)],
    ),
    Example(
        "correction-later",
        "Police first said 34 scam workers were rescued. Officials now say 26 were rescued.",
        [F("rescued", 26)],
        xfail="a later correction needs 'now say' as a revision cue",
    ),
    Example(
        "restated-with-breakdown",
        "Police arrested 479 people over fraud. The 479 people arrested comprised "
        "279 Cambodians and 200 Vietnamese.",
        [F("arrested", 479, nationalities={"KH": 279, "VN": 200})],
    ),
]

# Phrasings of wire services and regional outlets, written for these tests in their styles.
WIRE_STYLES = [
    Example(
        "xinhua-dateline",
        "PHNOM PENH, Feb. 9 (Xinhua) -- Cambodia on Sunday deported 215 Chinese nationals who "
        "were involved in online scams, a senior immigration official said.",
        [F("deported", 215, date="2026-02-08", admin1=None, nationalities={"CN": 215})],
    ),
    Example(
        "yonhap-repatriated-from",
        "SEOUL, Oct. 18 (Yonhap) -- A chartered plane carrying 64 South Koreans repatriated from "
        "Cambodia over online scam operations arrived on Saturday.",
        [F("deported", 64, country="KH", nationalities={"KR": 64}, date="2025-10-18")],
        published="2025-10-18",
    ),
    Example(
        "reduced-relative-then-main-verb",
        "Some 186 Chinese nationals arrested in a raid on a POGO hub in Porac were deported on "
        "Tuesday.",
        [F("deported", 186, admin1="Pampanga", place="Porac", country="PH")],
    ),
    Example(
        "a-demonym-is-one",
        "Police said 10 scam suspects were arrested, including seven Chinese nationals, two "
        "Vietnamese and a Cambodian.",
        [F("arrested", 10, nationalities={"CN": 7, "VN": 2, "KH": 1})],
    ),
    Example(
        "of-whom-were-women",
        "Police detained 53 foreigners in the fraud raid, 28 of whom were women.",
        [F("arrested", 53, women=28)],
    ),
    Example(
        "possessive-weekday",
        "Tuesday's raid on the scam compound led to 40 arrests.",
        [F("arrested", 40, date="2026-02-10")],
    ),
    Example(
        "since-start-of-year",
        "Over 4,000 scam workers have been repatriated since the start of the year.",
        [F("deported", 4000, scope="cumulative", period_start="2026-01-01")],
    ),
    Example(
        "busted-dens",
        "Police busted 12 online gambling dens and busted 40 suspects.",
        [F("closed", 12, unit="sites"), F("arrested", 40, unit="people")],
    ),
    Example(
        "junta-shwe-kokko",
        "Myanmar's junta said troops had detained 1,590 foreigners at Shwe Kokko in the scam "
        "crackdown.",
        [F("arrested", 1590, country="MM", admin1="Kayin", place="Shwe Kokko")],
    ),
    Example(
        "thai-bangkok",
        "Thai police arrested 12 Chinese suspects in a call-centre gang raid in Bangkok on Sunday.",
        [F("arrested", 12, country="TH", admin1="Bangkok", date="2026-02-08")],
    ),
    Example(
        "vietnam-received-deported-by",
        "Tay Ninh border guards received 100 citizens deported by Cambodian authorities over "
        "online fraud.",
        [F("deported", 100, country="KH")],
    ),
    Example(
        "handed-to-thai-authorities",
        "Some 260 foreigners freed from Myawaddy scam compounds were handed over to Thai "
        "authorities.",
        [F("deported", 260, country="MM", qualifier="about")],
    ),
    Example(
        "raids-on-sites",
        "Police arrested 1,210 scam suspects, including 800 Chinese, in raids on 15 compounds "
        "on Oct. 3.",
        [F("arrested", 1210, nationalities={"CN": 800}), F("raided", 15, unit="sites")],
        published="2025-10-10",
    ),
    Example(
        "since-total-not-carried",
        "The crackdown has netted more than 3,000 scam suspects since January. Indonesia "
        "repatriated 33 citizens who worked for the scam syndicates.",
        [
            F("arrested", 3000, scope="cumulative"),
            F("deported", 33, scope="event", period_start=None),
        ],
    ),
    Example(
        "ap-weekday-without-on",
        "The Bureau of Immigration said Thursday it had deported 80 Chinese workers from an illegal "
        "online gambling hub.",
        [F("deported", 80, date="2026-02-05", agency="Bureau of Immigration")],
    ),
    Example(
        "reuters-dateline-single-hyphen",
        "BANGKOK (Reuters) - Myanmar's military government said on Tuesday it had detained more "
        "than 7,000 foreigners after raids on scam compounds. The detainees, including 4,500 "
        "Chinese and around 1,000 Indonesians, were found near Myawaddy.",
        # never the dateline's Bangkok; Myawaddy is the one Myanmar place named
        [F("arrested", 7000, country="MM", admin1="Kayin", nationalities={"CN": 4500, "ID": 1000})],
    ),
    Example(
        "total-with-received",
        "Border guards received 63 Vietnamese citizens transferred from Cambodia after a scam "
        "raid, bringing the total number of citizens received to 213.",
        [F("deported", 63), F("deported", 213, scope="cumulative", nationalities={"VN": 213})],
    ),
    Example(
        "province-of-previous-operation",
        "Scam raids continued in Sihanoukville this week.\n\nThree raids on Monday found few "
        "workers.",
        [F("raided", 3, admin1="Preah Sihanouk", date="2026-02-09")],
    ),
    Example(
        "paren-breakdown-without-opener",
        "Police cracked down on the scam den and arrested 25 suspects (13 women) on Monday.",
        [F("arrested", 25, women=13, date="2026-02-09")],
    ),
    Example(
        "paren-nationalities-without-opener",
        "Police arrested 25 foreigners (20 Chinese and 5 Thais) at an online gambling site.",
        [F("arrested", 25, nationalities={"CN": 20, "TH": 5})],
    ),
    Example(
        "own-nationals-brought-home",
        "SEOUL, Oct. 18 (Yonhap) -- South Korea on Saturday brought home 64 nationals who had been "
        "detained in Cambodia over online scams. Police said 59 of the 64 were arrested on arrival.",
        [F("deported", 64, nationalities={"KR": 64}, country="KH"), F("arrested", 59)],
        published="2025-10-18",
    ),
    Example(
        "country-then-verb-is-actor",
        "Myanmar handed over 300 Chinese nationals linked to scam centres to Chinese police on "
        "Thursday.",
        [F("deported", 300, country="MM", nationalities={"CN": 300})],
    ),
]


GROUPS = {
    "numbers": NUMBERS,
    "actions": ACTIONS,
    "subjects": SUBJECTS,
    "dates": DATES,
    "places": PLACES,
    "not_a_figure": NOT_A_FIGURE,
    "merging": MERGING,
    "wire_styles": WIRE_STYLES,
}


@pytest.mark.parametrize(
    "example", [p for name, group in GROUPS.items() for p in params(group, name)]
)
def test_rule(example: Example) -> None:
    check(example)


def test_there_are_enough_examples() -> None:
    assert sum(map(len, GROUPS.values())) >= 200
