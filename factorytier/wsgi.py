import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factorytier.settings")
application = get_wsgi_application()

if os.environ.get("FACTORYTIER_WARMUP", "1") != "0":
    from factorytier.core.warmup import warm

    warm()
