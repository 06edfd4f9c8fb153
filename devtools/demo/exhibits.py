"""The 云展馆's exhibits and a few 通知公告, written from the article: each exhibit retells a
passage of it (its figures as the article gives them, dated as it dates them) and shows beside
it the live figure the portal computes from records; the notices report the article's events
and say that they are demo content."""

import datetime

from django.utils import timezone

from activities.models import Activity
from gzpartybuild.dates import Precision
from portal.models import Announcement, Exhibit

from .statistics import SOCIAL_ARTICLE

Hall = Activity.Hall
Figure = Exhibit.Figure
Motif = Exhibit.Motif
YEAR, MONTH, DAY = Precision.YEAR, Precision.MONTH, Precision.DAY

# (hall, order, title, narrative, figure, motif, date, precision)
EXHIBITS = [
    (
        Hall.SEED,
        1,
        "起步早、起点高：成立社会组织党工委",
        "广州市委高度重视社会组织党建工作，于2010年成立社会组织党工委（2012年更名为“社会组织党委”），"
        "此后始终将社会组织党的建设放在社会组织工作最核心位置，推动社会组织党建工作高质量发展。",
        Figure.PARTY_ORGANIZATIONS,
        Motif.SEED,
        datetime.date(2010, 1, 1),
        YEAR,
    ),
    (
        Hall.SEED,
        2,
        "党建与登记管理“全程同步关联”",
        "深入推动党建与登记管理业务“全程同步关联”，将加强党的建设纳入社会组织章程，"
        "将坚持党建引领贯穿社会组织成立、发展全过程。",
        Figure.CHARTER,
        Motif.BOOK,
        None,
        DAY,
    ),
    (
        Hall.SEED,
        3,
        "“一肩挑”与“双向进入、交叉任职”",
        "加强“头雁”建设，推动社会组织负责人和党组织书记“一肩挑”，推行社会组织党组织和管理层“双向进入、交叉任职”。",
        Figure.SECRETARY_IS_HEAD,
        Motif.FLAG,
        None,
        DAY,
    ),
    (
        Hall.SEED,
        4,
        "应建尽建、应联尽联、应纳尽纳",
        "建立健全社会组织党建摸排和组织建设“双同步”长效机制，推动单独组建、联合组建、行业覆盖。"
        "2020年新增社会组织党组织375个、管理党员新增4936名；“十三五”期间，全市社会组织党组织从807个发展到1741个。",
        Figure.COVERAGE,
        Motif.CHART,
        datetime.date(2020, 1, 1),
        YEAR,
    ),
    (
        Hall.SEED,
        5,
        "社会组织学习大讲堂",
        "健全“外促内驱”教育学习体系，举办社会组织学习大讲堂，采取“线上+线下”“主会场+分会场”等形式，"
        "将学习培训向社会组织全体从业人员延伸；区分培训对象举办党建示范培训班、党性培训班、“党务知识课堂”。",
        Figure.STUDY,
        Motif.LECTURE,
        None,
        DAY,
    ),
    (
        Hall.SEED,
        6,
        "社会组织党建展览馆开放，“云展馆”上线",
        "2020年7月1日，广州市社会组织党建展览馆正式开放，并创新上线“云展馆”，打造“现实+虚拟”立体化党建阵地，"
        "进一步拓展社会组织党建工作的影响力和传播力。",
        "",
        Motif.HALL,
        datetime.date(2020, 7, 1),
        DAY,
    ),
    (
        Hall.SAPLING,
        1,
        "择优配强书记，探索第一书记制度",
        "通过内部推、组织派、公开选等多种途径，择优配强社会组织党组织书记。探索建立第一书记制度，"
        "选派市直机关退休老党员和社会组织优秀党务工作者到相应的社会组织党组织担任第一书记。",
        Figure.FIRST_SECRETARIES,
        Motif.SAPLING,
        None,
        DAY,
    ),
    (
        Hall.SAPLING,
        2,
        "党建工作指导团与党建指导员",
        "成立由177名同志组成的市社会组织党建工作指导团，选派1068名专（兼）职党建指导员指导开展党的工作；"
        "成立社会组织智慧团，组建社会组织专家库，为党建工作出谋划策。",
        Figure.INSTRUCTORS,
        Motif.LECTURE,
        None,
        DAY,
    ),
    (
        Hall.SAPLING,
        3,
        "党建牵手",
        "121个社会组织牵手771个社会组织推进党建工作。",
        Figure.MENTORING,
        Motif.HANDSHAKE,
        None,
        DAY,
    ),
    (
        Hall.SAPLING,
        4,
        "“红苗计划”与评星定级",
        "完善培训学时和考评机制，将党组织和党员参加学习培训、发挥作用等纳入评星定级内容；健全党员年度轮训制度，"
        "发布年度“红苗计划”培训课程，开发建设党支部组织生活案例库和精品党课库。",
        Figure.PARTY_MEMBERS,
        Motif.BOOK,
        None,
        DAY,
    ),
    (
        Hall.SAPLING,
        5,
        "红联共建",
        "指导100个社会组织党组织与241个基层党组织红联共建。2021年5月，广州市社会组织联合会党委联动普爱社会工作服务党支部、"
        "广州市软件行业协会党支部，上门探访越秀区光塔街的困难残障家庭，并捐赠一批爱心物资。",
        Figure.RED_ALLIANCE,
        Motif.HEART,
        datetime.date(2021, 5, 1),
        MONTH,
    ),
    (
        Hall.SAPLING,
        6,
        "省、市党建工作示范点（基地）",
        "“十三五”期间，打造出“红苗工程”“千社扶百村”等一批党建品牌和67个省、市党建工作示范点（基地）。",
        Figure.DEMONSTRATION,
        Motif.STAR,
        None,
        DAY,
    ),
    (
        Hall.FOREST,
        1,
        "科学防控，推动复工复产",
        "面对新冠肺炎疫情，广州市社会组织管理局先后印发30余份疫情防控指引文件，指导广州市社会组织联合会发布"
        "全国首个社会组织应对突发公共卫生事件防控规范的团体标准；推动出台12条“暖社”举措，为社会组织节省运营成本达1.44亿元。",
        Figure.EPIDEMIC,
        Motif.SHIELD,
        datetime.date(2020, 1, 1),
        YEAR,
    ),
    (
        Hall.FOREST,
        2,
        "“千社扶百村”",
        "组织1102个社会组织参与787个贫困村（社区）帮扶工作，帮扶项目2332个，投入帮扶资金5.87亿元，惠及群众140多万人。",
        Figure.VILLAGE_AID_VILLAGES,
        Motif.VILLAGE,
        None,
        DAY,
    ),
    (
        Hall.FOREST,
        3,
        "共建共治共享的基层治理",
        "实施镇街社区社会组织联合会（平安建设促进会）能力提升计划，全市社区社会组织联合会195个，社区社会组织2万多家，"
        "实现每个街（镇）有1个社区社会组织联合会。",
        Figure.GOVERNANCE,
        Motif.COMMUNITY,
        None,
        DAY,
    ),
    (
        Hall.FOREST,
        4,
        "“我为群众办实事”党员志愿服务",
        "2021年4月22日，广州市社会组织联合会党委到越秀区农林街开展“我为群众办实事”党员志愿服务实践活动。",
        Figure.SERVICE_HOURS,
        Motif.HEART,
        datetime.date(2021, 4, 22),
        DAY,
    ),
    (
        Hall.FOREST,
        5,
        "社会组织党建的“广州样本”",
        "2020年10月，民政部社会组织管理局局长柳拯调研广州市社会组织党建工作时指出，广州社会组织党建工作起步早、起点高、"
        "推进快、效果好、影响大，为全国社会组织党建工作提供了“广州样本”。",
        Figure.PEOPLE_SERVED,
        Motif.FOREST,
        datetime.date(2020, 10, 1),
        MONTH,
    ),
]

DEMO_NOTE = f"（演示内容，摘自报道{SOCIAL_ARTICLE}。）"
ISSUER = "广州市社会组织管理局"

# (title, body paragraphs, publish date: the event's day where the article gives it, else the seed day)
ANNOUNCEMENTS = [
    (
        "广州市社会组织党建展览馆正式开放 “云展馆”同步上线",
        [
            "2020年7月1日，广州市社会组织党建展览馆正式开放，并创新上线“云展馆”，打造“现实+虚拟”立体化党建阵地。",
            "“云展馆”设“红种子”“红树苗”“红树林”三个展厅，可在本网站“云展馆”栏目在线参观。",
        ],
        datetime.date(2020, 7, 1),
    ),
    (
        "市社会组织联合会党委到越秀区农林街开展“我为群众办实事”党员志愿服务",
        ["2021年4月22日，广州市社会组织联合会党委到越秀区农林街开展“我为群众办实事”党员志愿服务实践活动。"],
        datetime.date(2021, 4, 22),
    ),
    (
        "三个社会组织党组织联合开展关爱困境障碍群体志愿服务",
        [
            "2021年5月，广州市社会组织联合会党委联动普爱社会工作服务党支部、广州市软件行业协会党支部，"
            "共同开展关爱困境障碍群体志愿服务，上门探访越秀区光塔街的困难残障家庭，并捐赠一批爱心物资。",
        ],
        None,
    ),
]


def seed_exhibits():
    """Create the article's exhibits (idempotent: an exhibit already in its place is left as staff keep it)."""
    for hall, order, title, narrative, figure, motif, date, precision in EXHIBITS:
        Exhibit.objects.get_or_create(
            hall=hall,
            order=order,
            defaults={
                "title": title,
                "narrative": narrative,
                "figure": figure,
                "motif": motif,
                "date": date,
                "date_precision": precision,
                "source": SOCIAL_ARTICLE,
                "is_published": True,
            },
        )


def seed_announcements():
    today = timezone.localdate()
    for title, paragraphs, published_on in ANNOUNCEMENTS:
        Announcement.objects.get_or_create(
            title=title,
            defaults={
                "body": "\n\n".join([*paragraphs, DEMO_NOTE]),
                "issuer": ISSUER,
                "published_on": published_on or today,
                "is_published": True,
            },
        )
