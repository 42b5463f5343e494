"""Invented news pages in four scripts, for the encodings news sites use."""

from __future__ import annotations

# Invented news in four scripts, long enough to be an article (see news.sources.webpages).
STORIES = {
    "windows-1251": (
        "Наводнение в Кельвике: мэрия открыла три пункта помощи",
        "Вода в реке Ленн поднялась на два метра за ночь, и жители нижнего города "
        "покинули дома. Мэр Кельвика сообщил, что в школах открыты три пункта помощи. "
        "Спасатели ожидают, что уровень воды начнёт снижаться к вечеру четверга. "
        "Движение по мосту через реку закрыто до особого распоряжения.",
    ),
    "iso-8859-1": (
        "Grève des transports à Port Aurel : la mairie négocie",
        "Les conducteurs de bus ont cessé le travail lundi matin après l'échec des "
        "négociations salariales. Selon le syndicat, la grève durera jusqu'à ce que la "
        "mairie présente une offre écrite. Les écoles signalent des retards importants "
        "et les commerçants du centre-ville s'inquiètent pour la semaine à venir.",
    ),
    "shift_jis": (
        "ケルビク港で大型フェリーが座礁、乗客は全員無事",
        "月曜日の早朝、ケルビク港の入り口で大型フェリーが座礁した。港湾当局によると、"
        "乗客二百十人と乗員は全員救命艇で岸に運ばれ、けが人はいない。船体の損傷は小さく、"
        "満潮を待って離礁作業が行われる予定だという。港の一部は作業が終わるまで閉鎖される。"
        "地元の漁業組合は、燃料の流出がないか沿岸を監視すると発表した。"
        "市長は記者会見で、座礁の原因を調べるため運輸安全委員会の調査官が現地に向かっていると"
        "述べた。フェリー会社は当面の間、代わりの船で一日二往復の運航を続けるとしている。",
    ),
    "gb18030": (
        "港口城市凯尔维克暴雨成灾 三所学校临时关闭",
        "周一夜间的暴雨使凯尔维克市低洼地区积水超过一米，三所学校宣布临时关闭。"
        "市政府表示已在体育馆设立临时安置点，并呼吁居民避免前往河边。气象部门预计降雨"
        "将持续到周三，提醒司机注意道路积水和山区滑坡的风险。电力公司正在抢修受损线路。"
        "市长在周二上午的记者会上说，消防队员已经从被困车辆中救出十二人，目前没有人员死亡的"
        "报告。交通部门关闭了通往港口的两条主要道路，公交车改道运行。学校预计最早在周四复课，"
        "家长可以在市政府网站上查看最新消息。",
    ),
}


def page(title: str, body: str, head: str = "") -> str:
    paragraphs = "".join(f"<p>{sentence}</p>" for sentence in body.split(". "))
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )
