"""In a real browser: an upload becomes a job whose progress bar polls until the worker has run it."""
import pytest

from louyu import factories as f
from louyu.web.tests.test_browser_pages import Session, browser  # noqa: F401  (the shared browser fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = "楼宇编码,楼宇名称,所属地区,地址,商务办公面积(㎡)\nGS-BR-001,浏览器测试大厦,姑苏区,人民路100号,12000\n"


def test_an_uploaded_file_waits_in_the_queue_then_its_page_shows_the_outcome_without_reloading(
        browser, live_server, reference_data, run_jobs, tmp_path):  # noqa: F811
    user = f.district_editor("姑苏区", username="b-upload")  # signs in with the factories' PASSWORD
    upload = tmp_path / "楼宇.csv"
    upload.write_text(CSV, encoding="utf-8")
    session = Session(browser, live_server.url)
    session.login(user.username)
    page = session.page
    session.open("/imports/upload/")
    page.select_option("select[name=kind]", "buildings")
    page.set_input_files("input[name=file]", str(upload))
    with page.expect_navigation(wait_until="load"):
        page.click("#upload-form button[type=submit]")
    assert "/jobs/" in page.url and page.locator("#job-status").inner_text() == "排队中"
    run_jobs()  # the worker loop, here, while the page keeps polling
    page.wait_for_selector("#job-status:text('已完成')", timeout=15000)
    assert "新增 1" in page.locator("#job-progress").inner_text()
    assert session.errors == []
    session.context.close()
