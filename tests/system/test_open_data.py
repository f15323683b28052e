"""Open data against the running server: schemathesis runs the served OpenAPI document with its
checks; the DCAT-AP-SE catalogue is parsed with rdflib in Turtle and JSON-LD and holds the
classes and properties the profile requires; a list's CSV and JSON agree field by field."""
import csv
import io
import json
import os
import subprocess
import sys
import urllib.request

import pytest

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


def get(url, accept=None):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers, response.read().decode("utf-8")


def test_schemathesis_finds_nothing_wrong_with_the_api(server, tmp_path):
    """Every operation of the served description, with schemathesis's checks (server errors, status
    codes, content types, schema conformance, rejection of invalid and acceptance of valid input,
    unsupported methods). Few examples per operation keep the run short; the seed keeps it the same."""
    result = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", server["url"] + "/api/v1/openapi.json",
         "--url", server["url"], "--max-examples", "12", "--seed", "20261207", "--workers", "2",
         "--report-dir", str(tmp_path), "--no-color", "--suppress-health-check", "all"],
        capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:]
    assert "No issues found" in output or "passed" in output, output[-3000:]


@pytest.mark.parametrize("path,fmt", [("/sodertalje/oppna-data/katalog.ttl", "turtle"),
                                      ("/sodertalje/oppna-data/katalog.jsonld", "json-ld"),
                                      ("/sodertalje/oppna-data/katalog", "turtle")])
def test_the_catalogue_is_dcat_ap_se(server, path, fmt):
    from rdflib import Graph, Namespace, RDF, URIRef

    dcat, dct = Namespace(DCAT), Namespace(DCT)
    foaf = Namespace("http://xmlns.com/foaf/0.1/")
    headers, text = get(server["url"] + path)
    graph = Graph().parse(data=text, format=fmt)
    catalogues = list(graph.subjects(RDF.type, dcat.Catalog))
    assert len(catalogues) == 1
    catalogue = catalogues[0]
    for prop in (dct.title, dct.description, dct.publisher, dcat.dataset, dct.license):
        assert graph.value(catalogue, prop) is not None, prop
    titles = {t.language for t in graph.objects(catalogue, dct.title)}
    assert titles == {"sv", "en"}
    datasets = list(graph.objects(catalogue, dcat.dataset))
    assert len(datasets) >= 12
    for dataset in datasets:
        assert (dataset, RDF.type, dcat.Dataset) in graph
        for prop in (dct.title, dct.description, dct.publisher, dcat.contactPoint, dct.license, dcat.distribution):
            assert graph.value(dataset, prop) is not None, (dataset, prop)
        assert {t.language for t in graph.objects(dataset, dct.title)} == {"sv", "en"}
        for distribution in graph.objects(dataset, dcat.distribution):
            assert (distribution, RDF.type, dcat.Distribution) in graph
            assert graph.value(distribution, dcat.accessURL) is not None
            assert graph.value(distribution, dct.license) == URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
            assert graph.value(distribution, dcat.mediaType) is not None
    publisher = graph.value(catalogue, dct.publisher)
    assert (publisher, RDF.type, foaf.Agent) in graph and graph.value(publisher, foaf.name) is not None
    services = list(graph.subjects(RDF.type, dcat.DataService))
    assert services and graph.value(services[0], dcat.endpointURL) is not None
    assert graph.value(services[0], dcat.endpointDescription) is not None
    contact = graph.value(datasets[0], dcat.contactPoint)
    assert graph.value(contact, URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")) is not None
    # Every distribution's address answers.
    for url in sorted({str(o) for o in graph.objects(None, dcat.accessURL)}):
        assert url.startswith(server["url"]), url
        get(url)


def test_a_lists_csv_and_json_agree(server):
    base = server["url"] + "/api/v1/municipalities/orebro/meetings"
    _, body = get(base + "?limit=500")
    data = json.loads(body)["data"]
    _, text = get(base + ".csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(data) > 0
    for row, item in zip(rows, data):
        for key, value in item.items():
            expected = "" if value is None else ("true" if value is True else "false" if value is False else str(value))
            assert row[key] == expected, (key, row[key], value)


def test_the_open_data_pages_pass_axe_and_fit_320_px(browser, server):
    from test_browser import axe_violations
    from test_workspace import too_wide

    browser.delete_all_cookies()
    paths = ["/sodertalje/oppna-data", "/api/v1/docs", "/sodertalje/foreningar"]
    for language in ["sv", "ar"]:
        browser.get(server["url"] + "/sodertalje?lang=" + language)
        for path in paths:
            browser.get(server["url"] + path)
            assert axe_violations(browser) == [], (language, path)
    size = browser.get_window_size()
    browser.set_window_size(320, 800)
    try:
        assert too_wide(browser, server, paths) == []
    finally:
        browser.set_window_size(size["width"], size["height"])
