"""The programs the portal starts with, as the five source articles state them.

Plain data: `manage.py seed_programs` loads it with natural keys (city code, program slug, group order,
task order, indicator code, value period, issuing body code), so loading twice changes nothing, and loading it
onto a database seeded by an earlier version brings the rows to these facts. Names, titles and figures
quote the articles' Vietnamese wording; where the articles give no figure, none is made up: a task reported
as deployed without a percentage has no progress (None), not 0, and a figure the article words as "hơn 400"
or "gần 5.000" keeps its qualifier.

Figures about the city or the sector (the 155 enterprises of the city's product groups, the products FDI buyers
seek, the domestic supporting-industry manufacturers, the city's IIP) are context (Indicator.Role.CONTEXT) with
their source, never targets of the programme they are filed under.

Computed indicators of the annual plans count with the cumulative window: each target is the plan's total for
its year, so a report of part of the year reads the count up to the period's end against it.
"""

from datetime import date
from decimal import Decimal

CONTEXT = "context"  # programs.models.Indicator.Role.CONTEXT
CUMULATIVE = "cumulative"  # programs.models.Indicator.MetricWindow.CUMULATIVE
OVER = "over"  # programs.models.IndicatorValue.Qualifier.OVER: "hơn"
NEARLY = "nearly"  # programs.models.IndicatorValue.Qualifier.NEARLY: "gần"

CITIES = [
    {"code": "hcm", "name": "TP Hồ Chí Minh", "short_name": "TPHCM"},
    {"code": "hanoi", "name": "Hà Nội", "short_name": "Hà Nội"},
]

# The bodies that issue the cities' documents (Decree 30/2020/NĐ-CP header, place name, abbreviation): the
# Sở Công Thương under the city's UBND, and the UBND. Names only: the articles give no address, and the
# signers, whose names are not in the sources, are configured by each department.
ISSUING_BODIES = [
    {
        "city": "hcm",
        "kind": "department",
        "code": "so-cong-thuong-hcm",
        "name": "Sở Công Thương Thành phố Hồ Chí Minh",
        "parent_name": "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
        "header_name": "SỞ CÔNG THƯƠNG",
        # A city named after a person is written in full.
        "place_name": "Thành phố Hồ Chí Minh",
        "abbreviation": "SCT",
    },
    {
        "city": "hcm",
        "kind": "committee",
        "code": "ubnd-hcm",
        "name": "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        "parent_name": "",
        "header_name": "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
        "place_name": "Thành phố Hồ Chí Minh",
        "abbreviation": "UBND",
    },
    {
        "city": "hanoi",
        "kind": "department",
        "code": "so-cong-thuong-hanoi",
        "name": "Sở Công Thương Thành phố Hà Nội",
        "parent_name": "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "header_name": "SỞ CÔNG THƯƠNG",
        "place_name": "Hà Nội",
        "abbreviation": "SCT",
    },
    {
        "city": "hanoi",
        "kind": "committee",
        "code": "ubnd-hanoi",
        "name": "Ủy ban nhân dân Thành phố Hà Nội",
        "parent_name": "",
        "header_name": "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "place_name": "Hà Nội",
        "abbreviation": "UBND",
    },
]

# The five articles, cited by key wherever a fact is stored.
SOURCES = {
    "hcm_midterm": "Bài viết “TPHCM: Tăng cường xúc tiến thương mại và hỗ trợ phát triển thị trường cho các doanh "
    "nghiệp cao su - nhựa” (thông báo của UBND TPHCM về kết quả thực hiện giữa nhiệm kỳ)",
    "hcm_cnht": "Bài viết “TP HCM, nhiều doanh nghiệp tham gia chuỗi công nghiệp hỗ trợ” (Trung tâm Phát triển "
    "Công nghiệp hỗ trợ TP HCM, năm 2022)",
    "hcm_iip_2020": "Bài viết của Hoài Bắc, Tuệ Minh về sản xuất công nghiệp TP. Hồ Chí Minh "
    "(đánh giá của Sở Công Thương TP. Hồ Chí Minh, số liệu tháng 11 năm 2020)",
    "hanoi_cnht_2021": "Bài viết “Chính sách phát triển Công nghiệp hỗ trợ: cần thiết thực, rõ ràng, có mục tiêu "
    "cụ thể”",
    "hanoi_267": "Bài viết “Hỗ trợ sản phẩm được công nhận sản phẩm công nghiệp chủ lực” (Vũ Văn Toán, 29/12/2021)",
}

HCM_RUBBER_PLASTICS = "tphcm-cao-su-nhua-2020-2030"
HANOI_CNHT_2021 = "ha-noi-cnht-2021"
HANOI_KEY_PRODUCTS_2022 = "ha-noi-267-kh-ubnd-2022"

# The mid-term notice reports every group as deployed "trong năm 2021 - 2023" without a day. It was
# issued after the IIP of the first five months of 2023 was known, so the update is dated at the end of
# June 2023, the earliest date consistent with the notice.
HCM_MIDTERM_DATE = date(2023, 6, 30)
HCM_MIDTERM_NOTE = (
    "Theo thông báo chính thức của UBND TPHCM về kết quả thực hiện giữa nhiệm kỳ, nhóm nhiệm vụ và giải pháp "
    "này đã được triển khai trong năm 2021 - 2023. Thông báo không nêu tỷ lệ hoàn thành."
)


def _hcm_group(order: int, title: str, description: str = "") -> dict:
    """One HCMC group: the group is the named item and holds it as its single, deployed task."""
    return {
        "order": order,
        "code": str(order),
        "title": title,
        "description": description,
        "tasks": [
            {
                "order": 1,
                "title": title,
                "lead_agency": "Sở Công Thương TPHCM",
                "updates": [
                    {
                        "date": HCM_MIDTERM_DATE,
                        "status": "in_progress",
                        # The notice gives no percentage: deployed, progress not measured.
                        "progress": None,
                        "note": HCM_MIDTERM_NOTE,
                        "source": "hcm_midterm",
                    }
                ],
            }
        ],
    }


_VISION_2050 = "Tiếp tục thực hiện hướng tới tầm nhìn năm 2050."

HCM_PROGRAM = {
    "slug": HCM_RUBBER_PLASTICS,
    "city": "hcm",
    "kind": "program",
    # The article's own capitalisation of the title is kept.
    "title": "Chương trình hỗ trợ phát triển Doanh Nghiệp sản phẩm nhựa, cao su giai đoạn 2020 - 2030",
    "short_title": "Chương trình cao su - nhựa TPHCM 2020 - 2030",
    "issuer": "UBND TPHCM",
    "lead_agency": "Sở Công Thương TPHCM",
    "plan_number": "",
    "plan_date": None,
    "period_start": 2020,
    "period_end": 2030,
    "vision_year": 2050,
    "status": "active",
    "stated_task_count": None,
    "summary": (
        "UBND TPHCM vừa có thông báo chính thức về kết quả thực hiện giữa nhiệm kỳ: Chương trình hỗ trợ phát "
        "triển Doanh Nghiệp sản phẩm nhựa, cao su giai đoạn 2020 - 2030. Chương trình nằm trong nhóm chương "
        "trình hỗ trợ phát triển DN và sản phẩm cơ khí- tự động hóa, cao su- nhựa, chế biến thực phẩm thành "
        "phố giai đoạn 2020- 2030.\n"
        "Bối cảnh (năm 2022): Sở Công Thương đã công bố nhóm sản phẩm công nghiệp chủ lực và nhóm sản phẩm "
        "công nghiệp tiềm năng của Thành phố giai đoạn 2021 - 2025 với 155 doanh nghiệp. Trung tâm Phát triển "
        "Công nghiệp hỗ trợ TP HCM đang tiếp nhận danh mục hơn 400 sản phẩm công nghiệp hỗ trợ doanh nghiệp "
        "FDI cần nguồn cung; đơn cử, Tập đoàn Techonic Industries (TTI) tìm kiếm nhà cung cấp tại Việt Nam ở "
        "4 lĩnh vực là phun nhựa, khuôn mẫu, điện, kim loại cho nhà máy đầu tư 650 triệu USD tại Khu công "
        "nghệ cao TP HCM. Có gần 5.000 doanh nghiệp trong nước hoạt động trong lĩnh vực chế biến chế tạo "
        "tham gia sản xuất sản phẩm công nghiệp hỗ trợ. Sở Công Thương phối hợp với Trường Đại học Bách khoa "
        "- Đại học Quốc gia TP HCM xây dựng 3 chiến lược phát triển ngành cơ khí - tự động hóa; cao su - "
        "nhựa; chế biến lương thực - thực phẩm đến năm 2030. (Nguồn: " + SOURCES["hcm_cnht"] + ".)\n"
        "Bối cảnh (năm 2020): chỉ số sản xuất công nghiệp (IIP) tháng 11 năm 2020 tăng 3,4% so với tháng "
        "trước và tăng 0,2% so với cùng kỳ năm trước; lũy kế 11 tháng/2020 chỉ số IIP giảm 4,4% (cùng kỳ "
        "tăng 7,4%), tuy nhiên 4 ngành công nghiệp trọng yếu tăng 0,4% (cùng kỳ tăng 6,2%). Với ngành cao su- "
        "nhựa, thành phố đã xác định danh mục sản phẩm chủ lực; thành lập Trung tâm Nghiên cứu, thí nghiệm và "
        "Kiểm nghiệm sản phẩm ngành cao su- nhựa đạt chuẩn quốc tế; đầu tư phát triển sản xuất sản phẩm nhựa "
        "tái chế, nhựa phân hủy sinh học, nhựa y tế. (Nguồn: " + SOURCES["hcm_iip_2020"] + ".)"
    ),
    "fields_of_focus": "",
    "midterm_result": (
        "Theo thông báo chính thức của UBND TPHCM, đã có 9/9 nhóm nhiệm vụ và giải pháp đã được triển khai "
        "trong năm 2021 - 2023.\n"
        "Nhờ việc đồng bộ các nhóm giải pháp hỗ trợ, nhiều doanh nghiệp trong ngành đã nhanh chóng khôi phục "
        "hoạt động ổn định sau thời gian giãn cách xã hội do dịch Covid-19 gây ra. Chỉ số IIP ngành cao su - "
        "nhựa trong năm 2022 đã tăng lên 32,18 so với cùng kỳ, IIP 5 tháng đầu năm 2023 tăng lên 12,7%."
    ),
    "next_steps": "\n".join(
        [
            "Tiếp tục xây dựng và triển khai hiệu quả các chính sách hỗ trợ doanh nghiệp sản xuất sản phẩm thuộc "
            "danh mục nhóm sản phẩm công nghiệp chủ lực và nhóm sản phẩm công nghiệp tiềm năng của ngành cao "
            "su - nhựa TPHCM giai đoạn 2021 - 2025",
            "Tham mưu chương trình kích cầu đầu tư cho giai đoạn mới, trong đó có doanh nghiệp ngành cao su - nhựa",
            "Tổ chức các lớp đào tạo nâng cao trình độ kỹ thuật cho cán bộ thuộc doanh nghiệp ngành cao su - nhựa",
            "Tư vấn cải tiến nâng cao năng suất chất lượng và năng lực cạnh tranh cho doanh nghiệp",
            "Hỗ trợ chuyển giao công nghệ và áp dụng các hệ thống quản lý chất lượng, quản lý chuyên ngành",
            "Tăng cường triển khai các hoạt động kết nối cung cầu sản phẩm, xúc tiến thương mại và hỗ trợ phát "
            "triển thị trường cho các doanh nghiệp cao su - nhựa của TPHCM, đặc biệt doanh nghiệp có sản phẩm "
            "đạt Giải thưởng Thương hiệu Vàng TP, doanh nghiệp sản xuất sản phẩm công nghiệp hỗ trợ nhằm góp "
            "phần gia tăng tỷ lệ nội địa hóa của ngành",
            "Tiếp tục theo dõi, vận động doanh nghiệp ngành nhựa tham gia vào Đề án sản xuất hạt nhựa và sản "
            "phẩm nhựa tái chế; khuyến khích đầu tư và phát triển ngành nhựa tái chế của TP",
            "Đầu tư phát triển sản xuất sản phẩm nhựa tái chế, nhựa phân hủy sinh học, nhựa y tế nhằm nâng cao "
            "giá trị gia tăng và giảm thiểu ô nhiễm môi trường",
        ]
    ),
    "source": SOURCES["hcm_midterm"],
    "groups": [
        _hcm_group(
            1,
            "Xác định danh mục nhóm sản phẩm công nghiệp chủ lực và nhóm sản phẩm tiềm năng của ngành cao su - "
            "nhựa TPHCM giai đoạn 2021 - 2025",
        ),
        _hcm_group(2, "Phát triển nguồn nhân lực cho ngành cao su - nhựa"),
        _hcm_group(3, "Tăng cường các hoạt động xúc tiến thương mại, phát triển thị trường"),
        _hcm_group(4, "Triển khai các giải pháp về kích cầu đầu tư"),
        _hcm_group(5, "Hỗ trợ phát triển, ứng dụng các giải pháp công nghệ"),
        _hcm_group(6, "Hỗ trợ về mặt bằng sản xuất"),
        _hcm_group(7, "Xây dựng Chiến lược phát triển ngành cao su - nhựa TPHCM đến năm 2030"),
        _hcm_group(8, "Đề án sản xuất hạt nhựa và sản phẩm nhựa tái chế", _VISION_2050),
        _hcm_group(
            9,
            "Đề án thành lập trung tâm kiểm nghiệm chất lượng cao su - nhựa đạt tiêu chuẩn quốc tế trên cơ sở "
            "nâng cấp Trung tâm Hỗ trợ và Phát triển doanh nghiệp TPHCM - CSID",
            _VISION_2050,
        ),
    ],
    "indicators": [
        {
            "code": "iip-cao-su-nhua",
            "name": "Chỉ số sản xuất công nghiệp (IIP) ngành cao su - nhựa, mức tăng so với cùng kỳ",
            "unit": "%",
            "target_kind": "none",
            "note": "Chỉ số theo dõi, chương trình không đặt mục tiêu. Bài viết ghi “tăng lên 32,18 so với cùng "
            "kỳ” (không kèm dấu %) cho năm 2022 và “tăng lên 12,7%” cho 5 tháng đầu năm 2023.",
            "values": [
                {
                    "period_label": "Năm 2022",
                    "period_end": date(2022, 12, 31),
                    "value": Decimal("32.18"),
                    "source": "hcm_midterm",
                },
                {
                    "period_label": "5 tháng đầu năm 2023",
                    "period_end": date(2023, 5, 31),
                    "value": Decimal("12.7"),
                    "source": "hcm_midterm",
                },
            ],
        },
        {
            "code": "dn-san-pham-chu-luc-tiem-nang-2021-2025",
            "role": CONTEXT,
            "name": "Số doanh nghiệp trong danh mục nhóm sản phẩm công nghiệp chủ lực và nhóm sản phẩm công "
            "nghiệp tiềm năng của Thành phố giai đoạn 2021 - 2025",
            "unit": "doanh nghiệp",
            "target_kind": "none",
            "note": "Số liệu bối cảnh toàn thành phố: “ngay từ đầu năm 2022, Sở Công Thương đã công bố nhóm sản "
            "phẩm công nghiệp chủ lực và nhóm sản phẩm công nghiệp tiềm năng của Thành phố giai đoạn 2021 - "
            "2025 với 155 doanh nghiệp”.",
            # "Đầu năm 2022": the end of the first quarter bounds "early 2022".
            "values": [
                {
                    "period_label": "Đầu năm 2022",
                    "period_end": date(2022, 3, 31),
                    "value": Decimal(155),
                    "source": "hcm_cnht",
                },
            ],
        },
        {
            "code": "san-pham-cnht-fdi-can-nguon-cung",
            "role": CONTEXT,
            "name": "Số sản phẩm công nghiệp hỗ trợ doanh nghiệp FDI cần nguồn cung (danh mục Trung tâm Phát "
            "triển Công nghiệp hỗ trợ TP HCM tiếp nhận)",
            "unit": "sản phẩm",
            "target_kind": "none",
            "note": "Bài viết ghi “hơn 400 sản phẩm”. Đơn cử, Tập đoàn Techonic Industries (TTI) tìm kiếm nhà "
            "cung cấp tại Việt Nam ở 4 lĩnh vực là phun nhựa, khuôn mẫu, điện, kim loại cho nhà máy đầu tư "
            "650 triệu USD tại Khu công nghệ cao TP HCM.",
            # The article expects the strategies to go to the city "trong quý IV tới đây": written before Q4.
            "values": [
                {
                    "period_label": "Năm 2022",
                    "period_end": date(2022, 9, 30),
                    "value": Decimal(400),
                    "qualifier": OVER,
                    "source": "hcm_cnht",
                },
            ],
        },
        {
            "code": "dn-trong-nuoc-san-xuat-cnht",
            "role": CONTEXT,
            "name": "Số doanh nghiệp trong nước hoạt động trong lĩnh vực chế biến chế tạo tham gia sản xuất sản "
            "phẩm công nghiệp hỗ trợ",
            "unit": "doanh nghiệp",
            "target_kind": "none",
            "note": "Bài viết ghi “gần 5.000 doanh nghiệp”.",
            "values": [
                {
                    "period_label": "Năm 2022",
                    "period_end": date(2022, 9, 30),
                    "value": Decimal(5000),
                    "qualifier": NEARLY,
                    "source": "hcm_cnht",
                },
            ],
        },
        {
            "code": "iip-tphcm-so-thang-truoc",
            "role": CONTEXT,
            "name": "Chỉ số sản xuất công nghiệp (IIP) toàn thành phố, mức tăng so với tháng trước",
            "unit": "%",
            "target_kind": "none",
            "note": "Số liệu bối cảnh toàn thành phố.",
            "values": [
                {
                    "period_label": "Tháng 11 năm 2020",
                    "period_end": date(2020, 11, 30),
                    "value": Decimal("3.4"),
                    "source": "hcm_iip_2020",
                },
            ],
        },
        {
            "code": "iip-tphcm-so-cung-ky",
            "role": CONTEXT,
            "name": "Chỉ số sản xuất công nghiệp (IIP) toàn thành phố, mức tăng so với cùng kỳ năm trước",
            "unit": "%",
            "target_kind": "none",
            "note": "Số liệu bối cảnh toàn thành phố.",
            "values": [
                {
                    "period_label": "Tháng 11 năm 2020",
                    "period_end": date(2020, 11, 30),
                    "value": Decimal("0.2"),
                    "source": "hcm_iip_2020",
                    "note": "Tháng 11 năm 2020 so với cùng kỳ năm trước",
                },
            ],
        },
        # The eleven months' cumulative figure is a measure of its own, not the same month's: it was filed with
        # the monthly one before, where the month (entered last) hid it.
        {
            "code": "iip-tphcm-luy-ke-so-cung-ky",
            "role": CONTEXT,
            "name": "Chỉ số sản xuất công nghiệp (IIP) toàn thành phố, mức tăng lũy kế so với cùng kỳ năm trước",
            "unit": "%",
            "target_kind": "none",
            "note": "Số liệu bối cảnh toàn thành phố. Lũy kế 11 tháng/2020 chỉ số IIP giảm 4,4% (cùng kỳ tăng "
            "7,4%) do ảnh hưởng của dịch bệnh.",
            "values": [
                {
                    "period_label": "11 tháng năm 2019",
                    "period_end": date(2019, 11, 30),
                    "value": Decimal("7.4"),
                    "source": "hcm_iip_2020",
                    "note": "“cùng kỳ tăng 7,4%”",
                    "moved_from": "iip-tphcm-so-cung-ky",
                },
                {
                    "period_label": "11 tháng năm 2020",
                    "period_end": date(2020, 11, 30),
                    "value": Decimal("-4.4"),
                    "source": "hcm_iip_2020",
                    "note": "“lũy kế 11 tháng/2020 chỉ số IIP giảm 4,4%”",
                    "moved_from": "iip-tphcm-so-cung-ky",
                },
            ],
        },
        {
            "code": "iip-4-nganh-trong-yeu",
            "role": CONTEXT,
            "name": "Chỉ số sản xuất công nghiệp của 4 ngành công nghiệp trọng yếu, mức tăng lũy kế so với cùng kỳ",
            "unit": "%",
            "target_kind": "none",
            "note": "Số liệu bối cảnh toàn thành phố.",
            "values": [
                {
                    "period_label": "11 tháng năm 2019",
                    "period_end": date(2019, 11, 30),
                    "value": Decimal("6.2"),
                    "source": "hcm_iip_2020",
                    "note": "“cùng kỳ tăng 6,2%”",
                },
                {
                    "period_label": "11 tháng năm 2020",
                    "period_end": date(2020, 11, 30),
                    "value": Decimal("0.4"),
                    "source": "hcm_iip_2020",
                },
            ],
        },
    ],
    "activities": [],
    "rounds": [],
}


_HN = "Sở Công Thương Hà Nội"
_END_2021 = date(2021, 12, 31)


def _task(order: int, title: str, *, lead: str = _HN, due: date | None = None, description: str = "") -> dict:
    return {
        "order": order,
        "title": title,
        "lead_agency": lead,
        "due_date": due,
        "description": description,
        "updates": [],
    }


HANOI_CNHT_PROGRAM = {
    "slug": HANOI_CNHT_2021,
    "city": "hanoi",
    "kind": "plan",
    "title": "Kế hoạch Chương trình phát triển công nghiệp hỗ trợ thành phố Hà Nội năm 2021",
    "short_title": "Kế hoạch phát triển CNHT Hà Nội 2021",
    "issuer": "UBND Thành phố Hà Nội",
    "lead_agency": "Sở Công Thương Hà Nội",
    "plan_number": "",
    "plan_date": None,
    "period_start": 2021,
    "period_end": 2021,
    "vision_year": None,
    # The plan's year is over.
    "status": "completed",
    # "Hà Nội đã đặt ra 12 nhiệm vụ cụ thể, chia thành 5 nhóm": the article names the groups and some of the
    # tasks only, so fewer tasks are entered than the plan holds.
    "stated_task_count": 12,
    "summary": (
        "UBND Thành phố Hà Nội đã ban hành Kế hoạch Chương trình phát triển công nghiệp hỗ trợ thành phố Hà "
        "Nội năm 2021. Thành phố xác định cần nâng cao năng lực các doanh nghiệp công nghiệp hỗ trợ (CNHT), "
        "thu hút đầu tư từ mọi thành phần kinh tế vào lĩnh vực CNHT, đẩy mạnh sản xuất công nghiệp theo chuỗi "
        "giá trị toàn cầu, đẩy mạnh liên kết cung ứng trong vùng kinh tế trọng điểm Bắc Bộ.\n"
        "Hà Nội đã đặt ra 12 nhiệm vụ cụ thể, chia thành 5 nhóm nhiệm vụ cụ thể; bài viết nêu tên 5 nhóm và "
        "các hoạt động trọng tâm, không liệt kê đủ 12 nhiệm vụ."
    ),
    "fields_of_focus": "\n".join(
        [
            "Sản xuất linh kiện phụ tùng",
            "CNHT phục vụ các ngành công nghiệp công nghệ cao",
            "CNHT cho ngành dệt may - da giày",
        ]
    ),
    "midterm_result": "",
    "next_steps": "",
    "source": SOURCES["hanoi_cnht_2021"],
    "groups": [
        {
            "order": 1,
            "code": "i",
            "title": "Kết nối, hỗ trợ doanh nghiệp CNHT trở thành nhà cung ứng sản phẩm cho khách hàng trong và "
            "ngoài nước; xúc tiến thu hút đầu tư nước ngoài vào lĩnh vực CNHT",
            "tasks": [
                _task(
                    1,
                    "Kết nối, hỗ trợ doanh nghiệp CNHT trở thành nhà cung ứng sản phẩm cho khách hàng trong "
                    "và ngoài nước",
                    due=_END_2021,
                    description="Chương trình kết nối, hỗ trợ doanh nghiệp với dự kiến khoảng 700 lượt doanh "
                    "nghiệp tham gia; trong đó, 100 doanh nghiệp trở thành nhà cung ứng trực tiếp cho các đơn "
                    "vị sản xuất, lắp ráp sản phẩm hoàn chỉnh.",
                ),
                _task(2, "Xúc tiến thu hút đầu tư nước ngoài vào lĩnh vực CNHT", due=_END_2021),
                _task(3, "Tổ chức Hội chợ CNHT Hà Nội năm 2021", due=_END_2021),
                _task(4, "Tổ chức Hội thảo phát triển CNHT", due=_END_2021),
            ],
        },
        {
            "order": 2,
            "code": "ii",
            "title": "Hỗ trợ doanh nghiệp áp dụng hệ thống quản lý đáp ứng yêu cầu của các chuỗi sản xuất toàn "
            "cầu trong quản trị doanh nghiệp, quản trị sản xuất",
            "tasks": [
                _task(
                    1,
                    "Hỗ trợ tư vấn, đào tạo về quản trị cho doanh nghiệp",
                    due=_END_2021,
                    description="Khoảng 500 lượt doanh nghiệp được hỗ trợ tư vấn, đào tạo về quản trị.",
                ),
                _task(
                    2,
                    "Hỗ trợ đào tạo nguồn nhân lực",
                    due=_END_2021,
                    description="Khoảng 300 lượt doanh nghiệp được hỗ trợ đào tạo nguồn nhân lực.",
                ),
            ],
        },
        {
            "order": 3,
            "code": "iii",
            "title": "Hỗ trợ nghiên cứu phát triển, ứng dụng chuyển giao và đổi mới công nghệ trong sản xuất thử "
            "nghiệm linh kiện, phụ tùng, nguyên liệu và vật liệu",
            "tasks": [
                _task(1, "Hỗ trợ nghiên cứu phát triển, ứng dụng công nghệ mới", due=_END_2021),
            ],
        },
        {
            "order": 4,
            "code": "iv",
            "title": "Xây dựng và công bố thông tin về CNHT hàng năm",
            "tasks": [
                _task(1, "Xây dựng và công bố thông tin về CNHT hàng năm", due=_END_2021),
                _task(
                    2,
                    "Phát phóng sự, đăng bài tuyên truyền về CNHT trên các kênh truyền thông chính thống như "
                    "Đài truyền hình Việt Nam, Báo Nhân dân, Báo Hà Nội mới",
                    due=_END_2021,
                ),
            ],
        },
        {
            "order": 5,
            "code": "v",
            "title": "Quản lý Chương trình",
            "tasks": [_task(1, "Quản lý Chương trình", due=_END_2021)],
        },
    ],
    "indicators": [
        {
            "code": "dn-cnht",
            "name": "Số doanh nghiệp hoạt động trong các lĩnh vực CNHT tại Hà Nội",
            "unit": "doanh nghiệp",
            "target_kind": "approximate",
            "target_value": Decimal(900),
            "period_label": "Năm 2021",
        },
        {
            "code": "dn-cnht-tieu-chuan-quoc-te",
            "name": "Số doanh nghiệp có hệ thống sản xuất và sản phẩm đạt tiêu chuẩn quốc tế, đủ năng lực cung "
            "ứng tham gia vào mạng lưới sản xuất toàn cầu của các tập đoàn đa quốc gia tại Việt Nam",
            "unit": "doanh nghiệp",
            "target_kind": "approximate",
            "target_value": Decimal(300),
            "period_label": "Năm 2021",
        },
        {
            "code": "ty-trong-gtsx-cnht",
            "name": "Giá trị sản xuất công nghiệp của CNHT trong giá trị sản xuất công nghiệp ngành công nghiệp "
            "chế biến, chế tạo Hà Nội",
            "unit": "%",
            "target_kind": "approximate",
            "target_value": Decimal(16),
            "period_label": "Năm 2021",
        },
        {
            "code": "chi-so-phat-trien-cnht",
            "name": "Chỉ số phát triển công nghiệp lĩnh vực CNHT, mức tăng hàng năm",
            "unit": "%",
            "target_kind": "minimum",
            "target_value": Decimal(11),
            "period_label": "Hàng năm",
        },
        {
            "code": "luot-dn-ket-noi",
            "name": "Số lượt doanh nghiệp tham gia chương trình kết nối, hỗ trợ doanh nghiệp",
            "unit": "lượt doanh nghiệp",
            "target_kind": "approximate",
            "target_value": Decimal(700),
            "period_label": "Năm 2021",
            "metric": "participations",
            "metric_window": CUMULATIVE,
        },
        {
            "code": "dn-nha-cung-ung-truc-tiep",
            "name": "Số doanh nghiệp trở thành nhà cung ứng trực tiếp cho các đơn vị sản xuất, lắp ráp sản phẩm "
            "hoàn chỉnh",
            "unit": "doanh nghiệp",
            "target_kind": "exact",
            "target_value": Decimal(100),
            "period_label": "Năm 2021",
            "metric": "direct_suppliers",
            "metric_window": CUMULATIVE,
        },
        {
            "code": "luot-dn-tu-van-quan-tri",
            "name": "Số lượt doanh nghiệp được hỗ trợ tư vấn, đào tạo về quản trị",
            "unit": "lượt doanh nghiệp",
            "target_kind": "approximate",
            "target_value": Decimal(500),
            "period_label": "Năm 2021",
            "metric": "participations:consulting",
            "metric_window": CUMULATIVE,
        },
        {
            "code": "luot-dn-dao-tao-nhan-luc",
            "name": "Số lượt doanh nghiệp được hỗ trợ đào tạo nguồn nhân lực",
            "unit": "lượt doanh nghiệp",
            "target_kind": "approximate",
            "target_value": Decimal(300),
            "period_label": "Năm 2021",
            "metric": "participations:training",
            "metric_window": CUMULATIVE,
        },
    ],
    # The article names these events without dates; they are filed under the plan's year.
    "activities": [
        {
            "title": "Hội chợ CNHT Hà Nội năm 2021",
            "kind": "trade_fair",
            "start_date": date(2021, 1, 1),
            "location": "Hà Nội",
            "organizer": _HN,
            "description": "Hoạt động kết nối doanh nghiệp, xúc tiến đầu tư nêu trong Kế hoạch. Bài viết không "
            "nêu ngày tổ chức; ngày ghi theo năm kế hoạch.",
        },
        {
            "title": "Hội thảo phát triển CNHT",
            "kind": "workshop",
            "start_date": date(2021, 1, 1),
            "location": "Hà Nội",
            "organizer": _HN,
            "description": "Hoạt động kết nối doanh nghiệp, xúc tiến đầu tư nêu trong Kế hoạch. Bài viết không "
            "nêu ngày tổ chức; ngày ghi theo năm kế hoạch.",
        },
    ],
    "rounds": [],
}


_END_2022 = date(2022, 12, 31)
_KEY = "sản phẩm công nghiệp chủ lực"

HANOI_KEY_PRODUCTS_PROGRAM = {
    "slug": HANOI_KEY_PRODUCTS_2022,
    "city": "hanoi",
    "kind": "plan",
    "title": "Kế hoạch số 267/KH-UBND về thực hiện Đề án phát triển sản phẩm công nghiệp chủ lực thành phố Hà "
    "Nội năm 2022",
    "short_title": "Kế hoạch 267/KH-UBND sản phẩm công nghiệp chủ lực Hà Nội 2022",
    "issuer": "UBND Thành phố Hà Nội",
    "lead_agency": "Sở Công Thương Hà Nội",
    "plan_number": "267/KH-UBND",
    # The article (29/12/2021) says the plan was "vừa ban hành" without its date.
    "plan_date": None,
    "period_start": 2022,
    "period_end": 2022,
    "vision_year": None,
    # The plan's year is over.
    "status": "completed",
    "stated_task_count": None,
    "summary": (
        "UBND thành phố Hà Nội vừa ban hành Kế hoạch số 267/KH-UBND về thực hiện Đề án phát triển sản phẩm "
        "công nghiệp chủ lực thành phố Hà Nội năm 2022 (bài viết đăng ngày 29/12/2021).\n"
        "UBND Thành phố giao các sở, ban, ngành có liên quan phối hợp Sở Công Thương thực hiện kế hoạch bảo "
        "đảm tiến độ, đạt mục tiêu, thiết thực, hiệu quả, không chồng chéo, đúng quy định."
    ),
    "fields_of_focus": "",
    "midterm_result": "",
    "next_steps": "",
    "source": SOURCES["hanoi_267"],
    "groups": [
        {
            "order": 1,
            "code": "1",
            "title": "Cải thiện môi trường đầu tư kinh doanh cho các doanh nghiệp sản xuất " + _KEY + " Hà Nội",
            "tasks": [
                _task(
                    1,
                    "Cải thiện môi trường đầu tư kinh doanh cho các doanh nghiệp sản xuất " + _KEY + " Hà Nội",
                    due=_END_2022,
                ),
            ],
        },
        {
            "order": 2,
            "code": "2",
            "title": "Hỗ trợ doanh nghiệp sản xuất triển " + _KEY + " phát triển khoa học công nghệ",
            "tasks": [
                _task(
                    1,
                    "Hỗ trợ 5-8 doanh nghiệp sản xuất " + _KEY + " có các dự án nghiên cứu thử nghiệm, đầu tư "
                    "đổi mới công nghệ thiết bị trong sản xuất sản phẩm sử dụng công nghệ, thiết bị mới, thân "
                    "thiện môi trường, tiết kiệm năng lượng",
                    due=_END_2022,
                ),
                _task(
                    2,
                    "Hỗ trợ các doanh nghiệp sản xuất " + _KEY + " kết nối với các viện nghiên cứu, các trường "
                    "đại học trong nước, các nhà khoa học",
                    due=_END_2022,
                ),
            ],
        },
        {
            "order": 3,
            "code": "3",
            "title": "Phát triển nguồn nhân lực",
            "tasks": [_task(1, "Phát triển nguồn nhân lực", due=_END_2022)],
        },
        {
            "order": 4,
            "code": "4",
            "title": "Xét chọn và tôn vinh " + _KEY,
            "tasks": [
                _task(1, "Xét chọn và tôn vinh " + _KEY + " Hà Nội năm 2022", due=_END_2022),
                _task(
                    2,
                    "Giới thiệu các doanh nghiệp thuộc ngành, lĩnh vực quản lý đáp ứng đủ điều kiện để tham gia "
                    "chương trình xét chọn " + _KEY + " Hà Nội năm 2022",
                    lead="Các sở, ban, ngành",
                    due=_END_2022,
                ),
                _task(
                    3,
                    "Đẩy mạnh tuyên truyền về đề án phát triển " + _KEY + " thành phố đến các doanh nghiệp "
                    "sản xuất trên địa bàn",
                    lead="UBND các quận, huyện, thị xã",
                    due=_END_2022,
                ),
            ],
        },
        {
            "order": 5,
            "code": "5",
            "title": "Đẩy mạnh các hoạt động xúc tiến thương mại, đầu tư và hỗ trợ doanh nghiệp sản xuất triển "
            + _KEY
            + " thành phố",
            "tasks": [
                _task(
                    1,
                    "Tổ chức hỗ trợ 15-20 doanh nghiệp sản xuất " + _KEY + " Hà Nội đến một số nước có nền "
                    "công nghiệp phát triển nhằm kết nối với các nhà sản xuất công nghệ thiết bị hiện đại",
                    due=_END_2022,
                ),
                _task(
                    2,
                    "Liên kết mời 30-40 nhà sản xuất công nghệ, thiết bị của các nước có nền công nghiệp phát "
                    "triển (Mỹ, EU, Nhật Bản, Hàn Quốc) vào Việt Nam gặp gỡ, kết nối với các doanh nghiệp sản "
                    "xuất " + _KEY + " Hà Nội",
                    due=_END_2022,
                ),
            ],
        },
        {
            "order": 6,
            "code": "6",
            "title": "Xây dựng cơ chế chính sách hỗ trợ phát triển " + _KEY,
            "tasks": [_task(1, "Xây dựng cơ chế chính sách hỗ trợ phát triển " + _KEY, due=_END_2022)],
        },
    ],
    "indicators": [
        {
            "code": "dn-tham-gia",
            "name": "Số doanh nghiệp tham gia, có sản phẩm được công nhận " + _KEY + " thành phố năm 2022",
            "unit": "doanh nghiệp",
            "target_kind": "range",
            "target_low": Decimal(20),
            "target_high": Decimal(25),
            "period_label": "Năm 2022",
            # The plan counts the enterprises behind the recognised products ("20-25 doanh nghiệp với khoảng
            # 30-35 sản phẩm được công nhận").
            "metric": "recognised_enterprises",
            "metric_window": CUMULATIVE,
        },
        {
            "code": "san-pham-duoc-cong-nhan",
            "name": "Số sản phẩm được công nhận " + _KEY + " thành phố năm 2022",
            "unit": "sản phẩm",
            "target_kind": "range",
            "target_low": Decimal(30),
            "target_high": Decimal(35),
            "period_label": "Năm 2022",
            "metric": "recognised_products",
            "metric_window": CUMULATIVE,
            "note": "Kế hoạch ghi “khoảng 30-35 sản phẩm”.",
        },
        {
            "code": "san-pham-cong-nhan-lan-dau",
            "name": "Số sản phẩm được công nhận lần đầu",
            "unit": "sản phẩm",
            "target_kind": "range",
            "target_low": Decimal(15),
            "target_high": Decimal(20),
            "period_label": "Năm 2022",
            "metric": "first_time_recognitions",
            "metric_window": CUMULATIVE,
        },
        {
            "code": "dn-thu-huong-chinh-sach",
            "name": "Tỷ lệ doanh nghiệp sản xuất " + _KEY + " thụ hưởng các chính sách hỗ trợ của Thành phố",
            "unit": "%",
            "target_kind": "exact",
            "target_value": Decimal(100),
            "period_label": "Năm 2022",
            "note": "Kế hoạch ghi “Phấn đấu 100%”.",
        },
        {
            "code": "tang-gia-tri-san-xuat",
            "name": "Mức tăng giá trị sản xuất của các doanh nghiệp có sản phẩm được công nhận "
            + _KEY
            + " thành phố so với năm 2021",
            "unit": "%",
            "target_kind": "range",
            "target_low": Decimal(10),
            "target_high": Decimal(12),
            "period_label": "Năm 2022",
        },
        {
            "code": "dong-gop-gtsx-cong-nghiep",
            "name": "Đóng góp vào tổng giá trị sản xuất công nghiệp toàn thành phố",
            "unit": "%",
            "target_kind": "range",
            "target_low": Decimal(35),
            "target_high": Decimal(40),
            "period_label": "Năm 2022",
        },
        {
            "code": "dong-gop-kim-ngach-xuat-khau",
            "name": "Đóng góp vào tổng kim ngạch xuất khẩu thành phố",
            "unit": "%",
            "target_kind": "exact",
            "target_value": Decimal(15),
            "period_label": "Năm 2022",
        },
        {
            "code": "dn-di-nuoc-ngoai",
            "name": "Số doanh nghiệp sản xuất " + _KEY + " được hỗ trợ đến một số nước có nền công nghiệp phát triển",
            "unit": "doanh nghiệp",
            "target_kind": "range",
            "target_low": Decimal(15),
            "target_high": Decimal(20),
            "period_label": "Năm 2022",
            # The plan counts enterprises ("hỗ trợ 15-20 doanh nghiệp"), each once however many trips it joins.
            "metric": "enterprises:delegation",
            "metric_window": CUMULATIVE,
        },
        {
            "code": "nha-san-xuat-cong-nghe-duoc-moi",
            "name": "Số nhà sản xuất công nghệ, thiết bị của các nước có nền công nghiệp phát triển (Mỹ, EU, Nhật "
            "Bản, Hàn Quốc) được mời vào Việt Nam",
            "unit": "nhà sản xuất",
            "target_kind": "range",
            "target_low": Decimal(30),
            "target_high": Decimal(40),
            "period_label": "Năm 2022",
        },
        {
            "code": "dn-du-an-doi-moi-cong-nghe",
            "name": "Số doanh nghiệp sản xuất " + _KEY + " được hỗ trợ dự án nghiên cứu thử nghiệm, đầu tư đổi "
            "mới công nghệ thiết bị",
            "unit": "doanh nghiệp",
            "target_kind": "range",
            "target_low": Decimal(5),
            "target_high": Decimal(8),
            "period_label": "Năm 2022",
            # The plan counts enterprises ("hỗ trợ 5-8 doanh nghiệp ... có các dự án"), each once.
            "metric": "enterprises:technology",
            "metric_window": CUMULATIVE,
        },
    ],
    "activities": [],
    "rounds": [
        {
            "year": 2022,
            "title": "Xét chọn " + _KEY + " Hà Nội năm 2022",
            "status": "closed",
        }
    ],
}

PROGRAMS = [HCM_PROGRAM, HANOI_CNHT_PROGRAM, HANOI_KEY_PRODUCTS_PROGRAM]

# HCMC's catalogue of key and potential product groups. The decision, what it replaces and what it covers
# ("4 ngành công nghiệp trọng yếu" with pharmaceuticals and textiles) are as the department's practice notes give
# them; the articles do not list the four industries by name, so they form one group named as the source words
# it, and no enterprise is listed: the 155 enterprises of early 2022 are the source's statement, not members.
# Pharmaceuticals and textiles are filed as the potential groups beside the four key industries: that is how the
# note reads ("4 key industries plus ..."); it does not say so in as many words.
CATALOGUES = [
    {
        "slug": "tphcm-nhom-san-pham-chu-luc-tiem-nang-2021-2025",
        "city": "hcm",
        "title": "Danh mục nhóm sản phẩm công nghiệp chủ lực và nhóm sản phẩm công nghiệp tiềm năng của Thành phố "
        "Hồ Chí Minh giai đoạn 2021 - 2025",
        "decision_number": "430/QĐ-UBND",
        "decision_date": date(2021, 2, 5),
        "replaces": "Quyết định số 4544/QĐ-UBND",
        "stated_enterprises": "155 doanh nghiệp (Sở Công Thương công bố đầu năm 2022)",
        "source": "Quyết định số 430/QĐ-UBND ngày 05/02/2021 của UBND TPHCM; số doanh nghiệp: " + SOURCES["hcm_cnht"],
        "groups": [
            {
                "order": 1,
                "kind": "",
                "name": "Sản phẩm thuộc 4 ngành công nghiệp trọng yếu",
                "description": "Danh mục gồm 4 ngành công nghiệp trọng yếu của Thành phố; nguồn không liệt kê tên "
                "từng ngành và không nói rõ nhóm nào là chủ lực, nhóm nào là tiềm năng.",
            },
            {
                "order": 2,
                "kind": "",
                "name": "Dược phẩm",
                "description": "Nguồn nêu ngành dược phẩm bên cạnh 4 ngành công nghiệp trọng yếu, không nói rõ là nhóm "
                "chủ lực hay tiềm năng.",
            },
            {
                "order": 3,
                "kind": "",
                "name": "Dệt may",
                "description": "Nguồn nêu ngành dệt may bên cạnh 4 ngành công nghiệp trọng yếu, không nói rõ là nhóm "
                "chủ lực hay tiềm năng.",
            },
        ],
    },
]
