// The login page: local accounts (a lockout, 429 or 423 with Retry-After, is shown with the time left), or in the OIDC
// mode a link through the Organization's identity provider.
import {ApiError, currentSession, login, loginMethods, oidcLoginUrl} from '../api.js';
import {field, h, replace, setFieldError} from '../dom.js';
import {navigate} from '../app.js';

export async function loginView(ctx) {
  ctx.setTitle('Log in');
  const next = safeNext(ctx.query.get('next'));
  if (currentSession() && !currentSession().authEnabled) {
    replace(ctx.container, h('div', {class: 'page-head'}, h('h1', {text: 'No login needed'}),
      h('p', {class: 'lead', text: 'Authentication is off on this server: the console works without an account.'})),
    h('p', {}, h('a', {class: 'button primary', href: next, text: 'Continue'})));
    return;
  }
  const methods = await loginMethods();
  if (methods.oidcLogin) {
    oidcLogin(ctx, methods, next);
    return;
  }
  const username = field({label: 'Username', control: h('input', {type: 'text', name: 'username', autocomplete: 'username', spellcheck: 'false', required: true})});
  const password = field({label: 'Password', control: h('input', {type: 'password', name: 'password', autocomplete: 'current-password', required: true})});
  const submit = h('button', {type: 'submit', class: 'primary', text: 'Log in'});
  const error = h('p', {class: 'form-error', role: 'alert', hidden: true});
  const form = h('form', {class: 'login-form', novalidate: true}, username.wrapper, password.wrapper, error, submit);
  let timer = null;

  function showError(message) {
    error.textContent = message;
    error.hidden = false;
  }

  function lockout(seconds) {
    submit.disabled = true;
    let left = seconds;
    const tick = () => {
      if (left <= 0) {
        clearInterval(timer);
        timer = null;
        submit.disabled = false;
        showError('You can try again now.');
        return;
      }
      showError(`Too many failed attempts: this account is locked. Try again in ${left} ${left === 1 ? 'second' : 'seconds'}.`);
      left -= 1;
    };
    clearInterval(timer);
    tick();
    timer = setInterval(tick, 1000);
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setFieldError(username, null);
    setFieldError(password, null);
    error.hidden = true;
    if (!username.control.value.trim()) {
      setFieldError(username, 'Enter your username.');
      username.control.focus();
      return;
    }
    if (!password.control.value) {
      setFieldError(password, 'Enter your password.');
      password.control.focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = 'Logging in…';
    try {
      const session = await login(username.control.value.trim(), password.control.value);
      navigate(session.mustChangePassword ? `#/password?next=${encodeURIComponent(next)}` : next);
    } catch (err) {
      password.control.value = '';
      if (err instanceof ApiError && (err.status === 429 || err.status === 423)) {
        lockout(err.retryAfter ?? 60);
        return;
      }
      showError(err instanceof ApiError && err.status === 401 ? 'Wrong username or password.' : err.message);
      password.control.focus();
    } finally {
      submit.textContent = 'Log in';
      if (!timer) {
        submit.disabled = false;
      }
    }
  });

  replace(ctx.container, h('div', {class: 'login'},
    h('h1', {text: 'Log in to Catalyst'}),
    h('p', {class: 'lead', text: 'With your local account.'}),
    form));
  return () => clearInterval(timer);
}

/** What went wrong at the identity provider, by the code the server's callback sends back. */
const OIDC_ERRORS = {
  denied: 'The identity provider did not let you in.',
  state: 'The login took too long or was already used. Please log in again.',
  provider: 'The identity provider could not be reached or reported an error. Try again, or ask an administrator.',
  exchange: 'The identity provider refused to complete the login. Please log in again.',
  token: 'The identity provider\'s answer could not be verified. Ask an administrator.',
};

const ORGANIZATION = /^[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?$/;

function oidcLogin(ctx, methods, next) {
  const error = h('p', {class: 'form-error', role: 'alert', hidden: true});
  const code = ctx.query.get('error');
  if (code) {
    error.textContent = OIDC_ERRORS[code] ?? 'The login failed. Please try again.';
    error.hidden = false;
  }
  const organization = methods.organizationRequired
    ? field({label: 'Organization', control: h('input', {type: 'text', name: 'organization', autocomplete: 'organization', spellcheck: 'false', required: true})})
    : null;
  const remembered = localStorage.getItem('catalyst.organization');
  if (organization && remembered) {
    organization.control.value = remembered;
  }
  const submit = h('button', {type: 'submit', class: 'primary', text: 'Log in with your organization\'s identity provider'});
  const form = h('form', {class: 'login-form', novalidate: true}, organization?.wrapper ?? null, error, submit);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    let org;
    if (organization) {
      setFieldError(organization, null);
      org = organization.control.value.trim().toLowerCase();
      if (!ORGANIZATION.test(org)) {
        setFieldError(organization, 'Enter your Organization\'s name: lowercase letters, digits and hyphens.');
        organization.control.focus();
        return;
      }
      localStorage.setItem('catalyst.organization', org);
    }
    submit.disabled = true;
    window.location.assign(oidcLoginUrl(org, next));
  });
  replace(ctx.container, h('div', {class: 'login'},
    h('h1', {text: 'Log in to Catalyst'}),
    h('p', {class: 'lead', text: methods.organizationRequired
      ? 'With your Organization\'s identity provider: name your Organization, then sign in there.'
      : 'With your organization\'s identity provider.'}),
    form));
}

/** Only routes of the console itself: never another site. */
function safeNext(next) {
  return next && /^#\/[^/]/.test(next) || next === '#/' ? next : '#/';
}
