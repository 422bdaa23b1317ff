"""The report schedules, as django-celery-beat periodic tasks that administrators can change or pause."""

from django.db import migrations

SWEEPER = "Báo cáo: gửi lại các yêu cầu đang chờ"
MONTHLY = "Báo cáo: báo cáo tiến độ hằng tháng của các chương trình đang thực hiện"


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=60, period="seconds")
    PeriodicTask.objects.get_or_create(
        name=SWEEPER,
        defaults={"task": "reports.sweep_reports", "interval": every_minute, "enabled": True},
    )
    # 06:00 on the 1st of each month, Vietnam time: last month's progress report of every active program.
    first_of_month, _ = CrontabSchedule.objects.get_or_create(
        minute="0", hour="6", day_of_month="1", month_of_year="*", day_of_week="*", timezone="Asia/Ho_Chi_Minh"
    )
    PeriodicTask.objects.get_or_create(
        name=MONTHLY,
        defaults={"task": "reports.schedule_monthly_reports", "crontab": first_of_month, "enabled": True},
    )


def remove_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[SWEEPER, MONTHLY]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_claim_and_storage"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
