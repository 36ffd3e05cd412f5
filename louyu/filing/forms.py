"""The operator's monthly form (phone-sized: one column, numeric keyboards) and the district's review form."""
from django import forms

from louyu.buildings.models import OperationReport

NUMERIC = {"inputmode": "decimal", "class": "input"}
COUNT = {"inputmode": "numeric", "class": "input"}


class FilingForm(forms.Form):
    leasable_area = forms.DecimalField(label="可租面积(㎡)", min_value=0, max_digits=12, decimal_places=2, widget=forms.TextInput(NUMERIC))
    leased_area = forms.DecimalField(label="已租面积(㎡)", min_value=0, max_digits=12, decimal_places=2, widget=forms.TextInput(NUMERIC))
    average_rent = forms.DecimalField(label="平均租金(元/㎡·天)", min_value=0, max_digits=8, decimal_places=2, required=False,
                                      widget=forms.TextInput(NUMERIC))
    present_count = forms.IntegerField(label="入驻企业数", min_value=0, widget=forms.TextInput(COUNT))
    moves_in = forms.IntegerField(label="本月迁入企业数", min_value=0, widget=forms.TextInput(COUNT))
    moves_out = forms.IntegerField(label="本月迁出企业数", min_value=0, widget=forms.TextInput(COUNT))
    vacant_units = forms.IntegerField(label="空置单元数", min_value=0, widget=forms.TextInput(COUNT))

    def clean(self):
        data = super().clean()
        leasable, leased = data.get("leasable_area"), data.get("leased_area")
        if leasable is not None and leased is not None and leased > leasable:
            self.add_error("leased_area", f"已租面积（{leased:,}）不能大于可租面积（{leasable:,}）")
        return data


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label="核实结果", choices=(("verify", "核实通过"), ("return", "退回更正")), widget=forms.RadioSelect)
    comment = forms.CharField(label="意见", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2, "class": "input"}))


__all__ = ["FilingForm", "ReviewForm", "OperationReport"]
