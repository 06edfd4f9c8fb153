"""Importing party organizations (covering organizations by credit code), pairings and towns."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Pairing
from gzpartybuild.dates import Precision
from organizations.validators import make_credit_code
from partybranches.models import PartyOrganization
from tests.helpers import factories
from tests.helpers.spreadsheets import (
    PAIRING_IMPORT_URL,
    PARTY_IMPORT_URL,
    TOWN_IMPORT_URL,
    csv_file,
    read_xlsx,
    upload,
    upload_and_confirm,
    xlsx_file,
)
from towns.models import CharacteristicTown


def issues_of(response):
    found = {}
    for issue in response.context["report"].issues:
        found.setdefault(issue.row, []).append(f"{issue.column}：{issue.message}")
    return found


def party_row(name, codes, **overrides):
    row = {
        "名称": name,
        "组织类别": "党支部",
        "组建方式": "单独组建",
        "上级党组织": "",
        "覆盖的社会组织（统一社会信用代码）": codes,
        "所在区": "越秀区",
        "成立日期": "2019/7/1",
        "书记": "赵六",
        "书记与负责人“一肩挑”": "是",
        "正式党员数": "5",
        "预备党员数": "1",
    }
    row.update(overrides)
    return row


# ---------------------------------------------------------------- party organizations


def test_party_organizations_import_with_the_organizations_they_cover(staff_client, staff_user):
    first, second, third = factories.SocialOrganizationFactory.create_batch(3)
    rows = [
        party_row("广州市社会组织党委", "", **{"组织类别": "党委", "组建方式": "行业覆盖", "所在区": ""}),
        party_row("甲协会党支部", first.credit_code, **{"上级党组织": "广州市社会组织党委"}),
        party_row(
            "乙丙联合党支部",
            f"{second.credit_code}、{third.credit_code.lower()}",
            **{"组织类别": "联合党支部", "组建方式": "联合组建", "书记与负责人“一肩挑”": "否"},
        ),
    ]

    upload_and_confirm(staff_client, PARTY_IMPORT_URL, xlsx_file(rows, name="branches.xlsx"))

    committee = PartyOrganization.objects.get(name="广州市社会组织党委")
    branch = PartyOrganization.objects.get(name="甲协会党支部")
    joint = PartyOrganization.objects.get(name="乙丙联合党支部")
    assert (committee.kind, committee.formation, committee.district) == ("committee", "industry", "")
    assert branch.parent == committee
    assert list(branch.organizations.all()) == [first]
    assert (branch.founded_on, branch.secretary_is_head, branch.full_members) == (datetime.date(2019, 7, 1), True, 5)
    assert set(joint.organizations.all()) == {second, third}
    assert (joint.kind, joint.formation, joint.secretary_is_head) == ("joint_branch", "joint", False)
    history = joint.history.first()
    assert (history.history_user, history.history_change_reason) == (staff_user, "电子表格导入（branches.xlsx）")
    assert {org.socialorganization_id for org in history.organizations.all()} == {second.pk, third.pk}


def test_party_organization_reimport_is_a_no_op_and_a_coverage_change_is_shown(staff_client):
    first, second = factories.SocialOrganizationFactory.create_batch(2)
    rows = [party_row("甲协会党支部", f"{first.credit_code}；{second.credit_code}")]
    upload_and_confirm(staff_client, PARTY_IMPORT_URL, xlsx_file(rows))
    history_before = PartyOrganization.history.count()

    again = upload(
        staff_client,
        PARTY_IMPORT_URL,
        xlsx_file([party_row("甲协会党支部", f"{second.credit_code},{first.credit_code}")]),
    )
    assert [outcome.row for outcome in again.context["report"].unchanged] == [2]
    upload_and_confirm(staff_client, PARTY_IMPORT_URL, xlsx_file(rows))
    assert PartyOrganization.history.count() == history_before

    changed = upload(staff_client, PARTY_IMPORT_URL, xlsx_file([party_row("甲协会党支部", first.credit_code)]))
    [outcome] = changed.context["report"].updated
    expected_before = "；".join(sorted([first.credit_code, second.credit_code]))
    assert outcome.changes == [("覆盖的社会组织（统一社会信用代码）", expected_before, first.credit_code)]
    assert set(PartyOrganization.objects.get().organizations.all()) == {first, second}


def test_party_organization_pointing_at_unknown_or_invalid_codes_is_reported(staff_client):
    known = factories.SocialOrganizationFactory()
    unknown = make_credit_code("1", "440104", "MK9999999")
    rows = [
        party_row("甲协会党支部", known.credit_code),
        party_row("乙协会党支部", f"{known.credit_code}、{unknown}"),
        party_row("丙协会党支部", "51440104MK000000"),
        party_row("丁协会党支部", known.credit_code, **{"上级党组织": "不存在的党委"}),
        party_row("甲协会党支部", known.credit_code),
    ]

    response = upload(staff_client, PARTY_IMPORT_URL, csv_file(rows))

    found = issues_of(response)
    assert 2 not in found
    assert found[3] == [
        f"覆盖的社会组织（统一社会信用代码）：系统中没有以下统一社会信用代码对应的社会组织：{unknown}（请先导入这些社会组织）。"
    ]
    assert found[4] == [
        "覆盖的社会组织（统一社会信用代码）：以下统一社会信用代码无效：“51440104MK000000”统一社会信用代码应为18位，当前为16位。"
    ]
    assert found[5] == ["上级党组织：系统中没有名称为“不存在的党委”的党组织。"]
    assert any("与第2行重复" in message for message in found[6])
    assert PartyOrganization.objects.count() == 0


def test_party_organization_cannot_be_its_own_parent(staff_client):
    organization = factories.SocialOrganizationFactory()
    upload_and_confirm(staff_client, PARTY_IMPORT_URL, xlsx_file([party_row("甲协会党支部", organization.credit_code)]))

    response = upload(
        staff_client,
        PARTY_IMPORT_URL,
        xlsx_file([party_row("甲协会党支部", organization.credit_code, **{"上级党组织": "甲协会党支部"})]),
    )

    assert issues_of(response)[2] == ["上级党组织：上级党组织不能是其自身。"]
    assert PartyOrganization.objects.get().parent is None


# ---------------------------------------------------------------- pairings


def pairing_row(ours, **overrides):
    row = {
        "结对类型": "千社扶百村",
        "本方党组织": ours,
        "结对党组织（系统内）": "",
        "结对社会组织（统一社会信用代码）": "",
        "结对单位（系统外）": "从化区吕田镇莲麻村党支部",
        "帮扶村（社区）": "莲麻村",
        "所在镇街": "吕田镇",
        "所在区/县": "从化区",
        "帮扶项目数": "3",
        "承诺投入资金（元）": "150000",
        "开始日期": "2019年3月1日",
        "结束日期": "",
        "状态": "进行中",
    }
    row.update(overrides)
    return row


def test_pairings_import_and_reimport_is_a_no_op(staff_client):
    ours = factories.PartyOrganizationFactory(name="甲协会党支部")
    partner = factories.PartyOrganizationFactory(name="乙协会党支部")
    organization = factories.SocialOrganizationFactory()
    rows = [
        pairing_row("甲协会党支部"),
        pairing_row(
            "甲协会党支部",
            **{
                "结对类型": "红联共建",
                "结对单位（系统外）": "",
                "结对党组织（系统内）": "乙协会党支部",
                "帮扶村（社区）": "",
            },
        ),
        pairing_row(
            "甲协会党支部",
            **{
                "结对类型": "党建牵手",
                "结对单位（系统外）": "",
                "结对社会组织（统一社会信用代码）": organization.credit_code,
            },
        ),
    ]

    upload_and_confirm(staff_client, PAIRING_IMPORT_URL, xlsx_file(rows))

    village, alliance, mentoring = (
        Pairing.objects.get(kind="village_aid"),
        Pairing.objects.get(kind="red_alliance"),
        Pairing.objects.get(kind="mentoring"),
    )
    assert (village.party_organization, village.partner_name, village.village) == (
        ours,
        "从化区吕田镇莲麻村党支部",
        "莲麻村",
    )
    assert (village.funds_committed, village.projects, village.started_on) == (
        Decimal("150000"),
        3,
        datetime.date(2019, 3, 1),
    )
    assert alliance.partner_party_organization == partner
    assert mentoring.partner_organization == organization

    preview = upload(staff_client, PAIRING_IMPORT_URL, xlsx_file(rows))
    assert len(preview.context["report"].unchanged) == 3
    upload_and_confirm(staff_client, PAIRING_IMPORT_URL, xlsx_file(rows))
    assert Pairing.objects.count() == 3


def test_bad_pairings_are_reported(staff_client):
    factories.PartyOrganizationFactory(name="甲协会党支部")
    factories.PartyOrganizationFactory(name="乙协会党支部")
    rows = [
        pairing_row("不存在的党支部"),
        pairing_row("甲协会党支部", **{"结对党组织（系统内）": "乙协会党支部"}),  # two partners
        pairing_row("甲协会党支部", **{"结束日期": "2018-01-01"}),
        pairing_row("甲协会党支部", **{"结对类型": "结对帮扶"}),
        pairing_row("甲协会党支部", **{"开始日期": "2019-02-30"}),
    ]

    response = upload(staff_client, PAIRING_IMPORT_URL, xlsx_file(rows))

    found = issues_of(response)
    assert found[2] == ["本方党组织：系统中没有名称为“不存在的党支部”的党组织。"]
    assert any("结对对象必须且只能填写一个" in message for message in found[3])
    assert found[4] == ["结束日期：结束日期不能早于开始日期。"]
    assert any(message.startswith("结对类型：“结对帮扶”不是有效的结对类型") for message in found[5])
    assert found[6] == ["开始日期：日期“2019-02-30”不存在。"]
    assert Pairing.objects.count() == 0


# ---------------------------------------------------------------- towns


def town_row(name, slug, **overrides):
    row = {
        "名称": name,
        "网址标识": slug,
        "所在镇街": "良口镇",
        "核心村": "塘尾村",
        "主导产业": "生态设计",
        "启动年份": "2016",
        "列入广东省特色小镇清单管理名单": "是",
        "入选年份": "2018",
        "入驻企业（家）": "84",
        "纬度": "23.70",
        "经度": "113.75",
        "公开": "是",
    }
    row.update(overrides)
    return row


def test_towns_import_and_reimport_is_a_no_op(staff_client):
    rows = [town_row("生态设计小镇", "eco-design"), town_row("莲麻小镇", "lianma", **{"所在镇街": "吕田镇"})]

    upload_and_confirm(staff_client, TOWN_IMPORT_URL, xlsx_file(rows))
    town = CharacteristicTown.objects.get(slug="eco-design")
    assert (town.township, town.enterprises, town.latitude, town.provincial_list_year) == (
        "liangkou",
        84,
        Decimal("23.700000"),
        2018,
    )
    assert CharacteristicTown.objects.get(slug="lianma").township == "lyutian"

    preview = upload(staff_client, TOWN_IMPORT_URL, xlsx_file(rows))
    assert len(preview.context["report"].unchanged) == 2


def test_bad_towns_are_reported(staff_client):
    factories.CharacteristicTownFactory(name="已有小镇", slug="taken")
    rows = [
        town_row("甲小镇", "taken"),
        town_row("乙小镇", "Not A Slug"),
        town_row("丙小镇", "c", **{"入选年份": "2015"}),
        town_row("丁小镇", "d", **{"列入广东省特色小镇清单管理名单": "否"}),
        town_row("戊小镇", "e", **{"纬度": "22.1"}),
        town_row("己小镇", "f", **{"所在镇街": "天河区"}),
    ]

    response = upload(staff_client, TOWN_IMPORT_URL, xlsx_file(rows))

    found = issues_of(response)
    assert any("网址标识“taken”已被系统中另一条记录（已有小镇）使用" in message for message in found[2])
    assert any(message.startswith("网址标识：") for message in found[3])
    assert found[4] == ["入选年份：入选年份不能早于启动年份。"]
    assert found[5] == ["入选年份：未列入省特色小镇清单时不能填写入选年份。"]
    assert found[6] == ["纬度：不能小于23.2（当前为22.1）。"]
    assert any(message.startswith("所在镇街：“天河区”不是有效的镇街") for message in found[7])
    assert CharacteristicTown.objects.count() == 1


def test_a_founding_date_known_to_the_year_keeps_its_precision_through_export_and_import(staff_client):
    party = factories.PartyOrganizationFactory(
        name="甲协会党支部", founded_on=datetime.date(2016, 1, 1), founded_precision=Precision.YEAR
    )
    staff_client.get("/admin/partybranches/partyorganization/")  # stamps the session
    exported = staff_client.get("/admin/partybranches/partyorganization/export/xlsx/")
    assert exported.status_code == 200
    [sheet] = [rows for rows in read_xlsx(exported.content).values() if rows and "成立日期" in rows[0]]
    row = dict(zip(sheet[0], sheet[1], strict=True))
    assert (str(row["成立日期"])[:10], row["成立日期精度"]) == ("2016-01-01", "年")

    # In another system (or after the record is gone), the exported row makes the same record.
    party.delete()
    again = upload(staff_client, PARTY_IMPORT_URL, SimpleUploadedFile("导出.xlsx", exported.content))
    assert [outcome.row for outcome in again.context["report"].new] == [2]
    upload_and_confirm(staff_client, PARTY_IMPORT_URL, SimpleUploadedFile("导出.xlsx", exported.content))
    party = PartyOrganization.objects.get(name="甲协会党支部")
    assert (party.founded_on, party.founded_precision) == (datetime.date(2016, 1, 1), Precision.YEAR)

    upload_and_confirm(
        staff_client,
        PARTY_IMPORT_URL,
        xlsx_file([party_row("甲协会党支部", "", **{"成立日期": "2019/7/1", "成立日期精度": "月"})]),
    )
    party.refresh_from_db()
    assert (party.founded_on, party.founded_precision) == (datetime.date(2019, 7, 1), Precision.MONTH)


def test_an_unknown_founding_date_precision_is_refused_in_chinese(staff_client):
    factories.SocialOrganizationFactory()
    response = upload(
        staff_client, PARTY_IMPORT_URL, xlsx_file([party_row("甲协会党支部", "", **{"成立日期精度": "周"})])
    )
    assert issues_of(response) == {2: ["成立日期精度：“周”不是有效的成立日期精度，可选：年、月、日。"]}
    assert not PartyOrganization.objects.exists()
