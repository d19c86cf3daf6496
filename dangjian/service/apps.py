from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "dangjian.service"
    label = "service"
    verbose_name = "服务与公开"
    demo_builder = "dangjian.service.demo.build"
    reminders = "dangjian.service.reminders.reminders"
