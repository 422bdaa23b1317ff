"""Demo signers of each city's Sở Công Thương, so that a person can walk a report from draft to signed document,
and of each city's Ủy ban nhân dân, whose block a recognition certificate carries.

Their names end in "(minh họa)": they are nobody, and the document they sign carries the local test certificate
(`manage.py make_signing_certificate`, "Chứng thư thử nghiệm — không có giá trị pháp lý") unless a real one is
configured. seed_demo replaces exactly these rows; a signer someone entered is never touched.
"""

from programs.models import IssuingBody, Signer

DEMO_MARK = "(minh họa)"
DEMO_SIGNERS = (
    # (order, authority, position, full name)
    (1, "", "GIÁM ĐỐC", f"Nguyễn Văn An {DEMO_MARK}"),
    (2, "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", f"Trần Thị Bình {DEMO_MARK}"),
)
DEMO_COMMITTEE_SIGNERS = ((1, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", f"Lê Văn Cường {DEMO_MARK}"),)


def demo_signers():
    return Signer.objects.filter(full_name__endswith=DEMO_MARK)


def replace_demo_signers() -> int:
    """Delete the demo signers an earlier run made and give every department body its two demo signers and every
    committee its one; the documents they signed keep their printed signature block (ReportDocument's snapshot)."""
    demo_signers().delete()
    rows = {IssuingBody.Kind.DEPARTMENT: DEMO_SIGNERS, IssuingBody.Kind.COMMITTEE: DEMO_COMMITTEE_SIGNERS}
    signers = [
        Signer(body=body, order=order, authority=authority, position=position, full_name=name, is_active=True)
        for body in IssuingBody.objects.filter(kind__in=rows)
        for order, authority, position, name in rows[body.kind]
    ]
    Signer.objects.bulk_create(signers)
    return len(signers)
