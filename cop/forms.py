"""How every form of the site is laid out: one field template, one form template.

`FORM_RENDERER` points here, so `{{ form }}` and `{{ form.<name>.as_field_group }}`
render with `partials/_form.html` and `partials/_field.html` in every app
(allauth's pages and the admin keep their own layouts).
"""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe


class FormRenderer(TemplatesSetting):
    form_template_name = "partials/_form.html"
    field_template_name = "partials/_field.html"


class QuickSelect(forms.Select):
    """A `<select>` written in Python: the HTML of Django's select templates, a tenth of the time.

    Django renders each option through two included templates; a list of
    countries or time zones made that a few milliseconds of every page with such
    a filter. The markup (whitespace included) is the templates' (checked in
    tests/cop/test_forms.py); the choices, selection and attributes are Django's.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{escape(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{escape(group_name)}">')
            for option in options:
                out.append(
                    f'\n  <option value="{escape(str(option["value"]))}"'
                    f"{_attributes(option['attrs'])}>{conditional_escape(option['label'])}"
                    "</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - names, values and labels escaped


def _attributes(attrs: dict) -> str:
    """Django's widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {escape(key)}" if value is True else f' {escape(key)}="{escape(str(value))}"'
        for key, value in attrs.items()
        if value is not False
    )
