"""The joining path in a real browser: register, verify by the e-mail that arrived, apply with a
PDF, approval, both signatures, the public list, withdrawal. And axe on every page on the way."""
import os
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import read_mail
from test_browser import axe_violations, login, submit



def make_pdf(text):
    """A small valid PDF, its cross-reference table at the right offsets (the server checks)."""
    stream = f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


PDF = make_pdf("Protokoll")


def test_register_verify_apply_approve_sign_list_and_withdraw(browser, server, tmp_path):
    base = server["url"]
    browser.delete_all_cookies()
    browser.get(base + "/eslov/foreningar")
    assert axe_violations(browser) == []
    browser.find_element(By.LINK_TEXT, "Registrera en förening").click()
    assert axe_violations(browser) == []

    # 1. Register: a person and an organisation.
    browser.find_element(By.ID, "f-personName").send_keys("Maja Testsson")
    browser.find_element(By.ID, "f-personEmail").send_keys("maja@blomsterklubben.example")
    browser.find_element(By.ID, "f-password").send_keys("blommor i hela eslöv")
    browser.find_element(By.ID, "f-name").send_keys("Blomsterklubben i Eslöv")
    browser.find_element(By.ID, "f-orgNumber").send_keys("802002-4439")
    Select(browser.find_element(By.ID, "f-legalForm")).select_by_value("ideellForening")
    browser.find_element(By.XPATH, "//label[text()='Miljö']").click()
    browser.find_element(By.ID, "f-district").send_keys("Marieholm")
    submit(browser)
    assert "Tack för registreringen" in browser.page_source

    # 2. Verify the address from the message that arrived.
    message = read_mail(server["mail_dir"], "maja@blomsterklubben.example", "Bekräfta")
    link = re.search(r"http://\S+/verifiera/[0-9a-f]+", message.get_content()).group(0)
    browser.get(link)
    assert "Adressen är bekräftad" in browser.page_source

    # The coordinator approves the new record in the register.
    login(browser, server, "samordnare.eslov@samverkan.example")
    browser.get(base + "/admin/eslov/foreningar")
    assert axe_violations(browser) == []
    browser.find_element(By.LINK_TEXT, "Blomsterklubben i Eslöv").click()
    submit(browser, "form[action$='/godkann'] button")
    # The approval mails the representative: the page says to whom, and asks first.
    assert "maja@blomsterklubben.example" in browser.page_source
    submit(browser)
    assert "är godkänd i registret" in browser.page_source

    # 3. The representative applies with a PDF protocol.
    login(browser, server, "maja@blomsterklubben.example", "blommor i hela eslöv")
    browser.find_element(By.LINK_TEXT, "Blomsterklubben i Eslöv").click()
    assert axe_violations(browser) == []
    browser.find_element(By.LINK_TEXT, "Ansök om att ansluta till överenskommelsen").click()
    assert axe_violations(browser) == []
    pdf = tmp_path / "protokoll.pdf"
    pdf.write_bytes(PDF)
    browser.find_element(By.ID, "f-method-protocol").click()
    # A date input's typing order depends on the browser's locale; set the value as the picker would.
    browser.execute_script("document.getElementById('f-decisionDate').value = '2026-11-03'")
    browser.find_element(By.ID, "f-protokoll").send_keys(str(pdf))
    submit(browser)
    assert "Ansökan är skickad" in browser.page_source
    org_admin = browser.current_url

    # 4. The coordinator approves the application and signs for the municipality.
    login(browser, server, "samordnare.eslov@samverkan.example")
    browser.get(base + "/admin/eslov/anslutningar")
    browser.find_element(By.LINK_TEXT, "Blomsterklubben i Eslöv").click()
    assert axe_violations(browser) == []
    submit(browser, "form[action$='/godkann'] button")
    submit(browser)
    browser.find_element(By.ID, "m-signatoryName").send_keys("Kommunalrådet i Eslöv")
    browser.find_element(By.ID, "m-signatoryRole").send_keys("kommunstyrelsens ordförande")
    submit(browser, "form[action$='/underteckna'] button")
    assert "Den andra parten har inte skrivit under" in browser.page_source, browser.find_element(By.TAG_NAME, "main").text[:1500]

    # 5. The organisation signs: both sides done.
    login(browser, server, "maja@blomsterklubben.example", "blommor i hela eslöv")
    browser.get(org_admin)
    browser.find_element(By.ID, "org-signatoryName").send_keys("Maja Testsson")
    browser.find_element(By.ID, "org-signatoryRole").send_keys("ordförande")
    submit(browser, "form[action$='/underteckna'] button")
    assert "Föreningen är nu undertecknare" in browser.page_source

    # 6. On the public list, with a certificate.
    browser.get(base + "/eslov/undertecknare")
    assert "Blomsterklubben i Eslöv" in browser.page_source
    assert axe_violations(browser) == []
    browser.find_element(By.XPATH, "//tr[th/a[text()='Blomsterklubben i Eslöv']]//a[starts-with(text(),'Intyg')]").click()
    assert "Intyg om anslutning" in browser.page_source and "Maja Testsson, ordförande" in browser.page_source
    assert axe_violations(browser) == []

    # 7. It withdraws, and leaves the list.
    browser.get(org_admin)
    browser.find_element(By.LINK_TEXT, "Träd ur överenskommelsen").click()
    browser.find_element(By.ID, "f-reason").send_keys("Styrelsen har beslutat det.")
    submit(browser)
    assert "har trätt ur överenskommelsen" in browser.page_source
    browser.get(base + "/eslov/undertecknare")
    assert "Blomsterklubben i Eslöv" not in browser.page_source
    # The representatives heard about each step.
    for subject in ("är godkänd", "har undertecknat", "har trätt ur"):
        read_mail(server["mail_dir"], "maja@blomsterklubben.example", subject)


@pytest.mark.parametrize("path", ["/sodertalje/foreningar", "/sodertalje/undertecknare", "/sodertalje/foreningar/registrera"])
def test_register_pages_have_no_axe_violations(browser, server, path):
    browser.delete_all_cookies()
    browser.get(server["url"] + path)
    assert axe_violations(browser) == []


def test_coordinator_pages_have_no_axe_violations(browser, server):
    login(browser, server, "samordnare.sodertalje@samverkan.example")
    for path in ["/admin/sodertalje/anslutningar", "/admin/sodertalje/undertecknande", "/admin/sodertalje/utgaende-post",
                 "/admin/sodertalje/verksamhetsomraden", "/admin"]:
        browser.get(server["url"] + path)
        assert axe_violations(browser) == [], path
