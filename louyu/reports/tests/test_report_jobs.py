"""Reports from the pages: a city user queues the blue book or a briefing, a district user their district's
report; each runs as a background job (never in the web worker) and is downloaded from the job's page."""
import pytest
from django.urls import reverse

from louyu import factories as f
from louyu.jobs.models import Job, JobStatus

from .conftest import build_small_city

pytestmark = pytest.mark.django_db


def test_a_district_user_generates_their_districts_report_as_a_job_and_downloads_it(client, run_jobs):
    city = build_small_city()
    gusu = city.buildings["观前金融大厦"].district
    client.force_login(f.district_editor("姑苏区"))
    page = client.get(reverse("web:district_detail", args=[gusu.pk]), {"year": city.year}).content.decode()
    assert 'id="generate-district-report"' in page
    response = client.post(reverse("reports:generate"), {"report": "district", "district": gusu.pk, "year": city.year,
                                                         "format": "docx"})
    job = Job.objects.get(kind="district_report")
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    assert job.status == JobStatus.QUEUED  # nothing was generated inside the request
    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"  # a DOCX (zip)
    assert "下载文件" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_only_city_roles_may_queue_the_blue_book_and_districts_only_their_own_report(client):
    client.force_login(f.district_editor("姑苏区"))
    assert client.post(reverse("reports:generate"), {"report": "bluebook", "year": 2023, "format": "pdf"}).status_code == 403
    other = f.district("吴中区")
    assert client.post(reverse("reports:generate"), {"report": "district", "district": other.pk, "year": 2023,
                                                     "format": "pdf"}).status_code == 403
    assert client.post(reverse("reports:generate"), {"report": "district", "district": f.district("姑苏区").pk, "year": 2023,
                                                     "format": "exe"}).status_code == 403
    assert not Job.objects.exists()
    client.force_login(f.user_with_role("city_viewer"))
    page = client.get(reverse("web:cockpit")).content.decode()
    assert 'id="generate-bluebook"' in page and 'id="generate-briefing"' in page
    client.post(reverse("reports:generate"), {"report": "bluebook", "year": 2023, "format": "pdf"})
    client.post(reverse("reports:generate"), {"report": "bluebook", "year": 2023, "format": "pdf"})  # same work: one job
    assert Job.objects.filter(kind="bluebook").count() == 1
