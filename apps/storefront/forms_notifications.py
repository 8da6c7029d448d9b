"""The account page's notification forms: which alerts to receive, and marking messages read."""

from django import forms

from apps.notifications.models import Channel

CHANNELS = (Channel.EMAIL, Channel.IN_APP)


class NotificationPreferencesForm(forms.Form):
    """One checkbox per switchable event and channel, ticked when the person receives it."""

    def __init__(self, *args, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for preference in preferences:
            names = []
            for channel in CHANNELS:
                name = f"{preference['event']}__{channel}"
                self.fields[name] = forms.BooleanField(
                    required=False, initial=preference[channel], label=f"{preference['label']} by {channel.label}"
                )
                names.append(name)
            self.rows.append((preference["label"], [self[name] for name in names]))

    def choices(self):
        """(event, channel) → on/off, as the notifications service takes them."""
        return {tuple(name.split("__")): value for name, value in self.cleaned_data.items()}


class MarkReadForm(forms.Form):
    """One notification's id, or none for all of them."""

    notification = forms.UUIDField(required=False)
