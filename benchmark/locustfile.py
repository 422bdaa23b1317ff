"""Load for `manage.py bench`: run by locust against the portal under gunicorn.

BENCH_SCENARIO chooses who visits:
- mix: public visitors (home, directory, registry, searches) and logged-in staff (dashboard, tasks,
  applications), each pausing between pages as a person does;
- dashboard: logged-in staff opening the program dashboard back to back (its throughput ceiling);
- healthz: /healthz back to back (the server's ceiling with almost no work per request).
"""

import copy
import os
import re
from http.cookiejar import Cookie

from gevent.lock import Semaphore
from locust import FastHttpUser, between, constant, task

SCENARIO = os.environ.get("BENCH_SCENARIO", "mix")
PROGRAM_SLUG = os.environ.get("BENCH_PROGRAM_SLUG", "")
PROGRAM_ID = os.environ.get("BENCH_PROGRAM_ID", "")
STAFF_USERNAME = os.environ.get("BENCH_STAFF_USERNAME", "")
STAFF_PASSWORD = os.environ.get("BENCH_STAFF_PASSWORD", "")
SEARCH = "nhựa"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class PublicVisitor(FastHttpUser):
    abstract = SCENARIO != "mix"
    wait_time = between(0.5, 1.5)

    @task(3)
    def home(self):
        self.client.get("/", name="home")

    @task(3)
    def directory(self):
        self.client.get("/doanh-nghiep/", name="directory")

    @task(2)
    def directory_search(self):
        self.client.get(f"/doanh-nghiep/?q={SEARCH}", name="directory search")

    @task(2)
    def registry(self):
        self.client.get("/san-pham/", name="registry")

    @task(2)
    def registry_search(self):
        self.client.get(f"/san-pham/?q={SEARCH}", name="registry search")


# The staff session, shared by every staff user of this locust process. One login through the form is
# enough to exercise it; fifty at once would spend the first seconds of the run hashing passwords (by design
# slow), and the pages, not the login storm, are what the figures are about.
_shared_cookies: list[Cookie] = []
_login_lock = Semaphore()


class _Staff(FastHttpUser):
    abstract = True

    def on_start(self):
        with _login_lock:
            if not _shared_cookies:
                self.log_in()
                _shared_cookies.extend(self.client.cookiejar)
        for cookie in _shared_cookies:
            self.client.cookiejar.set_cookie(copy.copy(cookie))

    def log_in(self):
        """Log in through the login form, as a person does (the form carries a CSRF token)."""
        page = self.client.get("/dang-nhap/", name="login form")
        token = CSRF_FIELD.search(page.text or "")
        with self.client.post(
            "/dang-nhap/",
            data={
                "username": STAFF_USERNAME,
                "password": STAFF_PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")

    def page(self, url: str, name: str):
        """A workspace page; a redirect (to the login page) means the session was lost, which is a failure."""
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{name} answered {response.status_code}")

    def dashboard_page(self):
        self.page(f"/chuong-trinh/theo-doi/{PROGRAM_SLUG}/", "dashboard")


class StaffMember(_Staff):
    abstract = SCENARIO != "mix"
    wait_time = between(0.5, 1.5)

    @task(3)
    def dashboard(self):
        self.dashboard_page()

    @task(3)
    def task_list(self):
        self.page(f"/chuong-trinh/theo-doi/nhiem-vu/?program={PROGRAM_ID}&status=in_progress", "tasks")

    @task(2)
    def applications(self):
        self.page("/san-pham/quan-ly/ho-so/", "applications")

    @task(1)
    def overview(self):
        self.page("/chuong-trinh/theo-doi/", "overview")


class DashboardCeiling(_Staff):
    abstract = SCENARIO != "dashboard"
    wait_time = constant(0)

    @task
    def dashboard(self):
        self.dashboard_page()


class HealthzCeiling(FastHttpUser):
    abstract = SCENARIO != "healthz"
    wait_time = constant(0)

    @task
    def healthz(self):
        self.client.get("/healthz", name="healthz")
