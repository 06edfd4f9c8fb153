from django.urls import path

from . import twofactor

# Included at /accounts/ without a namespace: the pages keep their names (two_factor, ...).
urlpatterns = [
    path("two-factor/", twofactor.verify, name="two_factor"),
    path("two-factor/enrol/", twofactor.enrol, name="two_factor_enrol"),
]
