"""The narrative sections of a report's draft, pre-filled from its data: facts only, for staff to edit.

A mid-term review report (báo cáo sơ kết) has: căn cứ, công tác chỉ đạo và triển khai, an assessment per task
group, tồn tại – hạn chế, nguyên nhân, kinh phí, kiến nghị. Each default below states only what the data
holds (the plan and its date, each group's standing as of the period's end, the indicators without figures);
where the portal records nothing, it says so rather than inventing a figure. Pure functions of the data dict
(reports.selectors.report_data); the rendered sections are plain text, one paragraph per line.
"""

from collections import Counter

from django.utils import translation

from core.numbers import format_number
from core.templatetags.vn import vn_date

# The sections in the order the report reads them, with their headings. "group:<code>" keys follow "chi_dao".
FIXED_SECTIONS = (
    ("can_cu", "Căn cứ"),
    ("chi_dao", "Công tác chỉ đạo, triển khai"),
    ("ton_tai", "Tồn tại, hạn chế"),
    ("nguyen_nhan", "Nguyên nhân"),
    ("kinh_phi", "Kinh phí thực hiện"),
    ("kien_nghi", "Kiến nghị, đề xuất"),
)
GROUP_PREFIX = "group:"
NO_BUDGET = "Chưa có số liệu về kinh phí."
NO_DATA = "Chưa có số liệu"


def group_key(code: str) -> str:
    return f"{GROUP_PREFIX}{code}"


def section_keys(data: dict) -> list[str]:
    """Every key a draft of this data has, in reading order."""
    groups = [group_key(g["code"]) for g in data.get("groups", [])]
    keys = [key for key, _label in FIXED_SECTIONS]
    return keys[:2] + groups + keys[2:]


def section_labels(data: dict) -> dict[str, str]:
    labels = dict(FIXED_SECTIONS)
    for group in data.get("groups", []):
        labels[group_key(group["code"])] = f"Nhóm nhiệm vụ {group['code']}: {group['title']}"
    return labels


def _as_of(data: dict) -> str:
    end = (data.get("period") or {}).get("end")
    return f"đến ngày {vn_date(end)}" if end else "đến thời điểm báo cáo"


def can_cu(data: dict) -> str:
    program = data.get("program") or {}
    if not program:
        return "Căn cứ các chương trình, kế hoạch phát triển công nghiệp đang được theo dõi trên Cổng."
    plan = program.get("plan_number")
    dated = f" ngày {vn_date(program['plan_date'])}" if program.get("plan_date") else ""
    issuer = f" của {program['issuer']}" if program.get("issuer") else ""
    reference = f"{plan}{dated}{issuer}" if plan else f"văn bản{issuer}"
    return f"Căn cứ {reference} ban hành {program['title']}" + (
        f", giai đoạn {program['period_label']}." if program.get("period_label") else "."
    )


def chi_dao(data: dict) -> str:
    program = data.get("program") or {}
    tasks = data.get("tasks", [])
    lines = []
    lead = program.get("lead_agency")
    if lead:
        lines.append(
            f"{lead} là cơ quan chủ trì tổ chức thực hiện {program.get('short_title') or program.get('title')}."
        )
    agencies = Counter(t["lead_agency"] for t in tasks if t.get("lead_agency"))
    if agencies:
        parts = [f"{name} ({format_number(n)} nhiệm vụ)" for name, n in sorted(agencies.items())]
        lines.append("Các nhiệm vụ được giao chủ trì: " + "; ".join(parts) + ".")
    summary = data.get("group_summary") or {}
    if summary.get("total"):
        lines.append(
            f"Kế hoạch gồm {format_number(summary['total'])} nhóm nhiệm vụ; {_as_of(data)}, "
            f"{format_number(summary.get('deployed') or 0)} nhóm đã triển khai."
        )
    return "\n".join(lines) or "Chưa có thông tin về công tác chỉ đạo, triển khai trên Cổng."


def group_assessment(data: dict, group: dict) -> str:
    as_of = _as_of(data)
    total = group.get("task_count") or 0
    if not total:
        return f"Nhóm chưa có nhiệm vụ cụ thể được ghi nhận trên Cổng {as_of}."
    started, done = group.get("started_count") or 0, group.get("done_count") or 0
    progress = group.get("progress")
    if progress is not None:
        standing = f"tiến độ chung {format_number(progress)}%"
    elif group.get("deployed") or started:
        standing = "đã triển khai, chưa có số liệu về tỷ lệ hoàn thành"
    else:
        standing = "chưa triển khai"
    return (
        f"{as_of.capitalize()}, nhóm có {format_number(total)} nhiệm vụ: {format_number(done)} hoàn thành, "
        f"{format_number(started)} đã triển khai; {standing}."
    )


def _indicators_without_data(data: dict) -> list[str]:
    return [i["name"] for i in data.get("indicators", []) if i.get("actual") is None]


def _groups_not_started(data: dict) -> list[dict]:
    return [g for g in data.get("groups", []) if g.get("task_count") and not (g.get("started_count") or 0)]


def ton_tai(data: dict) -> str:
    lines = []
    idle = _groups_not_started(data)
    if idle:
        lines.append(
            f"{_as_of(data).capitalize()}, {format_number(len(idle))} nhóm nhiệm vụ chưa triển khai: "
            + "; ".join(f"nhóm {g['code']} ({g['title']})" for g in idle)
            + "."
        )
    missing = _indicators_without_data(data)
    if missing:
        lines.append(f"{format_number(len(missing))} chỉ tiêu chưa có số liệu: " + "; ".join(missing) + ".")
    behind = [i["name"] for i in data.get("indicators", []) if i.get("attainment") == "below"]
    if behind:
        lines.append("Chỉ tiêu chưa đạt: " + "; ".join(behind) + ".")
    return "\n".join(lines) or "Chưa ghi nhận tồn tại, hạn chế từ số liệu trên Cổng."


def nguyen_nhan(data: dict) -> str:
    missing = _indicators_without_data(data)
    if missing:
        return f"Số liệu của {format_number(len(missing))} chỉ tiêu chưa được cập nhật lên Cổng."
    return "Chưa ghi nhận nguyên nhân từ số liệu trên Cổng."


def kinh_phi(data: dict) -> str:
    return NO_BUDGET


def kien_nghi(data: dict) -> str:
    steps = (data.get("program") or {}).get("next_steps") or []
    if steps:
        return "\n".join(f"- {step}" for step in steps)
    return "Chưa có kiến nghị, đề xuất được ghi nhận trên Cổng."


def default_sections(data: dict) -> dict[str, str]:
    """Every section of a draft, pre-filled from the data (always in Vietnamese, as the document is)."""
    with translation.override("vi"):
        sections = {
            "can_cu": can_cu(data),
            "chi_dao": chi_dao(data),
            "ton_tai": ton_tai(data),
            "nguyen_nhan": nguyen_nhan(data),
            "kinh_phi": kinh_phi(data),
            "kien_nghi": kien_nghi(data),
        }
        for group in data.get("groups", []):
            sections[group_key(group["code"])] = group_assessment(data, group)
    return {key: sections[key] for key in section_keys(data)}
