import pytest
from initiatives.models import Initiative

@pytest.mark.django_db
def test_pages(client):
    i = Initiative.objects.filter(is_active=True).first()
    print("initiatives", Initiative.objects.count())
    for url in ["/", "/initiatives/", "/initiatives/?q=粮食", "/initiatives/?agency=FAO&country=ETH", f"/initiatives/{i.pk}/", "/agencies/", "/agencies/FAO/", "/countries/", "/countries/ETH/", "/regions/", "/regions/africa/", "/sdgs/", "/sdgs/2/", "/themes/", "/themes/health/", "/documents/", f"/documents/{i.paragraph.document_id}/", "/about/"]:
        for lang in ["zh-hans", "en"]:
            r = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
            assert r.status_code == 200, (url, r.status_code)
