"""A Textual app: the sync button handler and the action run on the app's
event loop (reported); the `@work(thread=True)` loader runs in a thread (not
reported)."""
from textual import work
from textual.app import App
from textual.widgets import Button

import store


class TaskApp(App):
    def on_button_pressed(self, event: Button.Pressed) -> None:
        store.add(event.button.label)

    def action_reload(self) -> None:
        self.rows = store.tasks()

    @work(thread=True)
    def load_in_thread(self) -> None:
        self.rows = store.tasks()


if __name__ == "__main__":
    TaskApp().run()
