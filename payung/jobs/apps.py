from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "payung.jobs"
    label = "jobs"
    verbose_name = "Proses latar"
