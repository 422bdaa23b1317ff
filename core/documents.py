"""How administrative documents write dates (Decree 30/2020/NĐ-CP, Appendix I): one rule for every document the
portal issues, reports and certificates alike."""

import datetime


def written_month(month: int) -> str:
    """A leading zero for months 1 and 2 only ("tháng 01", "tháng 3")."""
    return f"{month:02d}" if month < 3 else str(month)


def written_date(day: datetime.date) -> str:
    """ "ngày 05 tháng 01 năm 2024": a leading zero for days below 10 and for months 1 and 2."""
    return f"ngày {day.day:02d} tháng {written_month(day.month)} năm {day.year}"


def date_line(place: str, day: datetime.date) -> str:
    """The place-and-date line: "Thành phố Hồ Chí Minh, ngày 05 tháng 3 năm 2024"."""
    return f"{place}, {written_date(day)}"
