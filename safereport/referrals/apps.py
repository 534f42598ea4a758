from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "safereport.referrals"
    label = "referrals"
