from django import forms


class VersionedFormMixin(forms.Form):
    """A hidden version field for optimistic locking: see core.concurrency."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
