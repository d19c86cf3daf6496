from django.urls import path

from dangjian.members.api import DuesQuoteView

urlpatterns = [path("dues/quote/", DuesQuoteView.as_view(), name="api-dues-quote")]
