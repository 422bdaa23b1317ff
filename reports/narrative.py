"""The narrative sections of a report's draft, pre-filled from its data: facts only, for staff to edit.

A mid-term review report (báo cáo sơ kết) has: căn cứ, công tác chỉ đạo và triển khai, an assessment per task
group, tồn tại – hạn chế, nguyên nhân, kinh phí, kiến nghị. Each default below states only what the data
holds (the plan and its date, each group's standing as of the period's end, the indicators without figures);
where the portal records nothing, it says so rather than inventing a figure. Pure functions of the data dict
(reports.selectors.report_data); the rendered sections are plain text, one paragraph per line.
"""

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
    """The plan the report reports on, as recorded: its kind, number and date where known, its issuer and title."""
    program = data.get("program") or {}
    if not program:
        return "Căn cứ các chương trình, kế hoạch phát triển công nghiệp đang được theo dõi trên Cổng."
    title, issuer = program["title"], program.get("issuer") or ""
    period = program.get("period_label") or ""
    period = f", giai đoạn {period}" if period and period not in title else ""
    if program.get("plan_number") and program["plan_number"] in title:
        return f"Căn cứ {title}" + (f" của {issuer}" if issuer else "") + f"{period}."
    if program.get("plan_number"):
        dated = f" ngày {vn_date(program['plan_date'])}" if program.get("plan_date") else ""
        kind = program.get("kind_label") or "Văn bản"
        by = f" của {issuer}" if issuer else ""
        return f"Căn cứ {kind} số {program['plan_number']}{dated}{by}: {title}{period}."
    return f"Căn cứ {title}" + (f" do {issuer} ban hành" if issuer else "") + f"{period}."


def _tasks_complete(data: dict) -> bool:
    """Whether the tasks entered are all the plan states (a plan may state more tasks than the portal follows)."""
    return (data.get("group_summary") or {}).get("tasks_complete", True)


def chi_dao(data: dict) -> str:
    program = data.get("program") or {}
    kind = program.get("kind_label") or "Kế hoạch"
    tasks = data.get("tasks", [])
    lines = []
    lead = program.get("lead_agency")
    if lead:
        lines.append(
            f"{lead} là cơ quan chủ trì tổ chức thực hiện {program.get('short_title') or program.get('title')}."
        )
    agencies = sorted({t["lead_agency"] for t in tasks if t.get("lead_agency")})
    if agencies:
        lines.append("Các nhiệm vụ được giao chủ trì thực hiện: " + "; ".join(agencies) + ".")
    summary = data.get("group_summary") or {}
    if summary.get("total"):
        stated = summary.get("stated_task_count")
        tasks_line = f", {format_number(stated)} nhiệm vụ cụ thể theo văn bản" if stated else ""
        if stated and not _tasks_complete(data):
            tasks_line += f" (Cổng đang theo dõi {format_number(summary.get('task_total') or 0)} nhiệm vụ)"
        lines.append(
            f"{kind} gồm {format_number(summary['total'])} nhóm nhiệm vụ{tasks_line}; {_as_of(data)}, "
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
    tasks = "Cổng theo dõi" if not _tasks_complete(data) else "nhóm có"
    return (
        f"{as_of.capitalize()}, {tasks} {format_number(total)} nhiệm vụ: {format_number(done)} hoàn thành, "
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
    """The programme's next steps are not recommendations: the report prints them under their own heading
    ("Nhiệm vụ, giải pháp thời gian tới"), so they are not repeated here."""
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
