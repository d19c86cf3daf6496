"""API of dues: the quote, the ledger, reductions and the special check."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dangjian.core.api.base import ApiViewMixin
from dangjian.members import rules
from dangjian.members.selectors.dues import farmer_monthly_for

DUES_KIND_LABELS = {
    rules.DuesKind.EMPLOYED: "在职党员",
    rules.DuesKind.RETIRED: "离退休党员",
    rules.DuesKind.FARMER: "农民党员",
    rules.DuesKind.STUDENT: "学生党员",
    rules.DuesKind.UNEMPLOYED: "下岗失业党员",
    rules.DuesKind.LOW_INCOME: "享受低保等生活困难党员",
}


class DuesQuoteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(DUES_KIND_LABELS.items()), label="缴费类别")
    base = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, label="缴费基数(元)")
    rate = serializers.DecimalField(
        max_digits=6, decimal_places=3, allow_null=True, coerce_to_string=True, label="比例(固定金额时为空)"
    )
    monthly = serializers.DecimalField(max_digits=12, decimal_places=2, label="每月应缴(元)")


class DuesQuoteView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="党费测算",
        description=(
            "按《关于中国共产党党费收缴、使用和管理的规定》计算每月党费。"
            "employed(在职,按税后固定工资收入): 3000元及以下0.5%,3000–5000元1%,5000–10000元1.5%,10000元以上2%,"
            "按全部基数一个比例计算; retired(离退休): 5000元及以下0.5%,以上1%; farmer(农民): 本县设定的每月金额"
            "(0.2–1.0元); student、unemployed、low_income(学生、下岗失业、低保等): 每月0.2元。按分四舍五入。"
        ),
        parameters=[
            OpenApiParameter(
                "kind", str, enum=[k.value for k in rules.DuesKind], required=True, description="缴费类别"
            ),
            OpenApiParameter("base", str, required=False, description="每月缴费基数(元),在职和离退休党员必填"),
        ],
        responses=DuesQuoteSerializer,
        tags=["党费"],
    )
    def get(self, request: Request) -> Response:
        kind = request.query_params.get("kind", "").strip()
        raw_base = request.query_params.get("base", "").strip()
        base = None
        if raw_base:
            try:
                base = Decimal(raw_base)
            except InvalidOperation:
                raise ValidationError({"base": [f"缴费基数“{raw_base}”不是有效金额"]}) from None
            if not base.is_finite():
                raise ValidationError({"base": [f"缴费基数“{raw_base}”不是有效金额"]})
        try:
            quote = rules.dues_quote(kind, base=base, farmer_amount=farmer_monthly_for(request.user))
        except rules.DuesError as exc:
            field = "kind" if "类别" in str(exc) else "base"
            raise ValidationError({field: [str(exc)]}) from None
        payload = {"kind": kind, "base": base, "rate": quote.rate, "monthly": quote.monthly}
        return Response(DuesQuoteSerializer(payload).data)


urlpatterns = [path("dues/quote/", DuesQuoteView.as_view(), name="api-dues-quote")]
