// Setting a new password: required after the first login with a one-time or administrator-set password.
import {ApiError, changePassword, currentSession} from '../api.js';
import {field, h, replace, setFieldError} from '../dom.js';
import {navigate} from '../app.js';

export async function passwordView(ctx) {
  ctx.setTitle('Set a new password');
  const next = ctx.query.get('next');
  const current = field({label: 'Current password', control: h('input', {type: 'password', name: 'current', autocomplete: 'current-password', required: true})});
  const fresh = field({label: 'New password', help: 'At least 12 characters, without your username.',
    control: h('input', {type: 'password', name: 'new', autocomplete: 'new-password', required: true})});
  const submit = h('button', {type: 'submit', class: 'primary', text: 'Set password'});
  const error = h('p', {class: 'form-error', role: 'alert', hidden: true});
  const form = h('form', {class: 'login-form', novalidate: true}, current.wrapper, fresh.wrapper, error, submit);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setFieldError(current, null);
    setFieldError(fresh, null);
    error.hidden = true;
    submit.disabled = true;
    try {
      await changePassword(current.control.value, fresh.control.value);
      navigate(next && /^#\/[^/]/.test(next) ? next : '#/');
    } catch (err) {
      if (err instanceof ApiError && err.errors.length) {
        setFieldError(fresh, err.errors.map((f) => f.detail).join('; '));
      } else {
        error.textContent = err instanceof ApiError && err.status === 403 ? 'The current password is wrong.' : err.message;
        error.hidden = false;
      }
    } finally {
      submit.disabled = false;
    }
  });

  const who = currentSession()?.subject ?? '';
  replace(ctx.container, h('div', {class: 'login'},
    h('h1', {text: 'Set a new password'}),
    h('p', {class: 'lead', text: `The password of ${who} was given to you; choose your own before going on.`}),
    form));
}
